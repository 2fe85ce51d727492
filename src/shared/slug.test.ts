import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "./errors.ts";
import { asciiSlugify, assertValidSlug, MAX_SLUG_LENGTH, slugify, slugSegment } from "./slug.ts";

describe("slugify", () => {
  test("folds Portuguese accents and joins the words of a title with hyphens", () => {
    assert.equal(
      slugify("Grupos apoiados pelo Irã suspendem ataques contra forças dos EUA no Iraque"),
      "grupos-apoiados-pelo-ira-suspendem-ataques-contra-forcas-dos-eua-no-iraque",
    );
  });

  test("folds Spanish accents, the tilde of ñ and drops inverted punctuation", () => {
    assert.equal(slugify("¿Qué pasó en el año de la canción?"), "que-paso-en-el-ano-de-la-cancion");
  });

  test("drops apostrophes, ampersands and runs of punctuation, and trims hyphens at both ends", () => {
    assert.equal(
      slugify("  Iraq's Muqtada Al-Sadr -- supports   Iran & Syria!!  "),
      "iraq-s-muqtada-al-sadr-supports-iran-syria",
    );
  });

  test("keeps digits", () => {
    assert.equal(slugify("G20 summit 2026: 3 takeaways"), "g20-summit-2026-3-takeaways");
  });

  test("gives an empty slug for text with no letters or digits", () => {
    assert.equal(slugify("!!! ???"), "");
  });

  test("keeps the letters of other scripts: Arabic, Russian, Chinese", () => {
    assert.equal(slugify("العراق: مقتل 36 في اشتباكات على الحدود"), "العراق-مقتل-36-في-اشتباكات-على-الحدود");
    assert.equal(slugify("Выборы в Москве: явка 40%"), "выборы-в-москве-явка-40");
    assert.equal(slugify("北京 宣布 新 政策"), "北京-宣布-新-政策");
    // Russian й keeps its breve (a letter of its own), Arabic its vowel marks.
    assert.equal(slugify("Май"), "май");
    assert.equal(slugify("مَدرسة"), "مَدرسة");
  });

  test("spells Turkish in plain Latin letters, dotted and dotless i alike", () => {
    assert.equal(
      slugify("İstanbul'da seçim: Şişli ve Kadıköy'de ağır kayıp"),
      "istanbul-da-secim-sisli-ve-kadikoy-de-agir-kayip",
    );
  });

  test("gives slugs in other scripts that are valid and survive percent-encoding in a URL", () => {
    for (const title of ["القاهرة تستضيف القمة", "Москва", "上海", "Ölüdeniz"]) {
      const slug = assertValidSlug(slugify(title));
      assert.equal(decodeURIComponent(slugSegment(slug)), slug);
    }
    assert.equal(slugSegment("москва"), "%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0");
    assert.equal(slugSegment("kirkuk-votes"), "kirkuk-votes");
  });

  test("an ASCII slug for file names drops what has no Latin spelling", () => {
    assert.equal(asciiSlugify("Ação em Kadıköy.jpg"), "acao-em-kadikoy-jpg");
    assert.equal(asciiSlugify("مدرسة.png"), "png");
  });

  test("cuts a long title at a word boundary within the length limit", () => {
    const slug = slugify("alpha beta gamma delta epsilon zeta eta theta", 20);
    assert.equal(slug, "alpha-beta-gamma");
    assert.ok(slug.length <= 20);
  });

  test("cuts inside a word when no hyphen falls in the second half of the limit", () => {
    assert.equal(slugify("a supercalifragilisticexpialidocious", 12), "a-supercalif");
  });

  test("drops the hyphen a cut would leave at the end", () => {
    assert.equal(slugify("abc defghijklmnopq rs", 19), "abc-defghijklmnopq");
  });

  test("keeps the default limit of 80 characters", () => {
    const slug = slugify("word ".repeat(40));
    assert.ok(slug.length <= 80, `${slug.length}`);
    assert.match(slug, /^word(-word)*$/);
  });

  test("makes slugs that assertValidSlug accepts", () => {
    for (const title of ["Grupos apoiados pelo Irã", "¿Qué pasó?", "A & B", "x".repeat(500)]) {
      const slug = slugify(title);
      assert.equal(assertValidSlug(slug), slug);
    }
  });
});

describe("assertValidSlug", () => {
  test("returns a valid slug unchanged", () => {
    assert.equal(assertValidSlug("iran-backed-groups-2"), "iran-backed-groups-2");
  });

  for (const bad of [
    "",
    "Upper-Case",
    "double--hyphen",
    "-leading",
    "trailing-",
    "with space",
    "acentuação",
    "dot.ted",
    "slash/ed",
    "../etc",
  ]) {
    test(`refuses ${JSON.stringify(bad)} with a ValidationError naming the field`, () => {
      assert.throws(
        () => assertValidSlug(bad),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.equal(error.status, 400);
          assert.equal(error.details.field, "slug");
          assert.match(
            error.message,
            /^slug: .* is not a valid slug; use lowercase letters, digits and single hyphens/,
          );
          return true;
        },
      );
    });
  }

  test("refuses a slug longer than the limit", () => {
    assert.equal(assertValidSlug("a".repeat(MAX_SLUG_LENGTH)).length, MAX_SLUG_LENGTH);
    assert.throws(() => assertValidSlug("a".repeat(MAX_SLUG_LENGTH + 1)), ValidationError);
  });

  test("names the field it was given", () => {
    assert.throws(
      () => assertValidSlug("Not A Key", "key"),
      (error: unknown) => error instanceof ValidationError && error.details.field === "key",
    );
  });

  test("quotes at most 140 characters of a long bad slug in its message", () => {
    assert.throws(
      () => assertValidSlug("X".repeat(5000)),
      (error: unknown) => error instanceof ValidationError && !error.message.includes("X".repeat(141)),
    );
  });
});
