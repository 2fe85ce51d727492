import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { OUTLINES } from "./event-outlines.ts";
import { LANGS } from "./noun-phrase.ts";
import { TAXONOMY } from "./taxonomy.ts";
import { EVENT_KINDS, EVENTS } from "./text-bank.ts";
import { BANKS, slotsOf } from "./text-generator.ts";

/** The things a template talks about (`of:c` and `c` are both the country). */
const entities = (template: string) => [...new Set(slotsOf(template).map((s) => s.split(":").at(-1)))].sort();

describe("synthetic word banks", () => {
  test("hold the same templates in the same order in every language", () => {
    const en = BANKS.en;
    for (const lang of LANGS) {
      const bank = BANKS[lang];
      const pairs: [string, string[], string[]][] = [
        ["sentences", en.sentences, bank.sentences],
        ["quotes", en.quotes, bank.quotes],
        ["headings", en.headings, bank.headings],
        ["quote forms", en.quoteForms, bank.quoteForms],
      ];
      for (const kind of EVENT_KINDS) {
        for (const part of ["titles", "summaries", "sentences", "quotes"] as const) {
          pairs.push([`${kind} ${part}`, en.events[kind][part], bank.events[kind][part]]);
        }
      }
      for (const [name, english, other] of pairs) {
        assert.equal(other.length, english.length, `${lang} ${name}`);
        english.forEach((template, i) => {
          assert.deepEqual(
            entities(other[i] ?? ""),
            entities(template),
            `${lang} ${name} #${i}: ${other[i]}`,
          );
        });
      }
      assert.equal(bank.roles.length, en.roles.length, `${lang} roles`);
      assert.equal(bank.orgs.length, en.orgs.length, `${lang} organisations`);
    }
  });

  test("let Portuguese and Spanish fuse prepositions with articles (do Irã, al Líbano)", () => {
    const bare = /(?<![\p{L}])(de|do|da|em|no|na|a|en|por)\s\{(c|c2|city|city2|org|role)\}/u;
    for (const lang of ["pt", "es"] as const) {
      const bank = BANKS[lang];
      const all = [
        ...bank.sentences,
        ...EVENT_KINDS.flatMap((k) => [
          ...bank.events[k].titles,
          ...bank.events[k].summaries,
          ...bank.events[k].sentences,
        ]),
      ];
      for (const template of all) assert.doesNotMatch(template, bare, `${lang}: ${template}`);
    }
  });

  test("outline every title with sentences, summaries and quotes that exist", () => {
    for (const kind of EVENT_KINDS) {
      const texts = BANKS.en.events[kind];
      assert.equal(OUTLINES[kind].length, texts.titles.length, kind);
      for (const outline of OUTLINES[kind]) {
        assert.ok(outline.sentences.length > 0 && outline.summaries.length > 0, kind);
        for (const s of outline.sentences) assert.ok(s < texts.sentences.length, `${kind} sentence ${s}`);
        for (const s of outline.summaries) assert.ok(s < texts.summaries.length, `${kind} summary ${s}`);
        for (const q of outline.quotes) assert.ok(q < EVENTS[kind].quoteVoices.length, `${kind} quote ${q}`);
      }
    }
  });

  test("name the demo's tags as the demo does, with accents", () => {
    const names = (key: string) => TAXONOMY.find((t) => t.key === key)?.names;
    assert.deepEqual(names("middle-east"), { en: "Middle East", pt: "Oriente Médio", es: "Oriente Medio" });
    assert.deepEqual(names("asia-americas"), {
      en: "Asia & Americas",
      pt: "Ásia & Américas",
      es: "Asia y Américas",
    });
    assert.deepEqual(names("iran"), { en: "Iran", pt: "Irã", es: "Irán" });
    assert.deepEqual(names("us"), { en: "US", pt: "EUA", es: "EEUU" });
    assert.equal(TAXONOMY.find((t) => t.key === "iraq")?.parent, "middle-east");
    assert.equal(new Set(TAXONOMY.map((t) => t.key)).size, TAXONOMY.length);
  });
});
