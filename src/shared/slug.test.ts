import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "./errors.ts";
import { assertValidSlug, MAX_SLUG_LENGTH, slugify } from "./slug.ts";

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

  test("gives an empty slug for text with no Latin letters or digits", () => {
    assert.equal(slugify("!!! ???"), "");
    assert.equal(slugify("العراق"), "");
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
