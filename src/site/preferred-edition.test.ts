import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testConfig } from "../../test/support/databases.ts";
import { languageRanges, preferredEdition } from "./preferred-edition.ts";

const editions = testConfig.editions;
const english = editions.find((edition) => edition.code === "en");
assert.ok(english);
const pick = (header: string | undefined) => preferredEdition(header, editions, english).code;

describe("the edition a browser prefers", () => {
  test("reads the ranges by weight, ties in their order", () => {
    assert.deepEqual(languageRanges("es;q=0.5, pt-BR, en;q=0.8, *;q=0.1"), ["pt-br", "en", "es"]);
    assert.deepEqual(languageRanges("fr;q=0, de"), ["de"]);
  });

  test("chooses the first language that has an edition", () => {
    assert.equal(pick("pt-BR,pt;q=0.9,en;q=0.8"), "pt");
    assert.equal(pick("fr-FR, es;q=0.7, en;q=0.3"), "es");
    assert.equal(pick("en-US,en;q=0.9"), "en");
    assert.equal(pick("es;q=0.2, pt;q=0.9"), "pt");
  });

  test("falls back to the default edition when nothing matches or the header is odd", () => {
    assert.equal(pick(undefined), "en");
    assert.equal(pick(""), "en");
    assert.equal(pick("fr, de;q=0.5"), "en");
    assert.equal(pick("*"), "en");
    assert.equal(pick("pt;q=abc, ;;;, <script>"), "pt", "a malformed weight counts as 1");
    assert.equal(pick("x".repeat(5000)), "en");
  });
});
