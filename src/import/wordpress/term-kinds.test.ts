import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseTermMapping, placeNamed } from "./term-kinds.ts";

describe("what WordPress categories and tags become", () => {
  test("a country or region the gazetteer knows, by its name in any of its languages", () => {
    assert.deepEqual(placeNamed("Iraque"), {
      key: "iraq",
      kind: "country",
      parent: "middle-east",
      names: { en: "Iraq", pt: "Iraque", es: "Irak" },
    });
    assert.equal(placeNamed("Oriente Medio")?.key, "middle-east");
    assert.equal(placeNamed("Oriente Medio")?.kind, "region");
    assert.equal(placeNamed("Militias"), undefined);
  });

  test("--mapping: kinds by slug, and a clear refusal of anything else", () => {
    assert.deepEqual(parseTermMapping({ categories: { opinion: "section", gaza: "region" } }), {
      categories: { opinion: "section", gaza: "region" },
      tags: {},
    });
    assert.throws(() => parseTermMapping([]), /must be a JSON object/);
    assert.throws(() => parseTermMapping({ sections: {} }), /has "sections"; only "categories" and "tags"/);
    assert.throws(
      () => parseTermMapping({ tags: { iran: "nation" } }),
      /--mapping tags\.iran: "nation" is not one of section, region, country, topic/,
    );
  });
});
