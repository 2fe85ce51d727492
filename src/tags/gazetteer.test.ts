import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertValidSlug } from "../shared/slug.ts";
import {
  BLOCKED_PHRASES,
  COUNTRIES,
  demonymForms,
  GAZETTEER_LANGUAGES,
  gazetteerRegion,
  REGIONS,
} from "./gazetteer.ts";

const byCode = (code: string) => {
  const country = COUNTRIES.find((c) => c.code === code);
  assert.ok(country, `the gazetteer has ${code}`);
  return country;
};

describe("the gazetteer", () => {
  test("holds the 193 UN member states plus Palestine, Kosovo, Taiwan, Western Sahara and the Vatican", () => {
    assert.equal(COUNTRIES.length, 198);
    for (const code of ["PS", "XK", "TW", "EH", "VA"]) byCode(code);
  });

  test("has unique two-letter codes and unique valid tag keys", () => {
    const codes = COUNTRIES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length, "codes are unique");
    assert.ok(codes.every((code) => /^[A-Z]{2}$/.test(code)));
    const keys = [...COUNTRIES.map((c) => c.key), ...REGIONS.map((r) => r.key)];
    assert.equal(new Set(keys).size, keys.length, "keys are unique, regions included");
    for (const key of keys) assertValidSlug(key, "key");
  });

  test("names every country and region in English, Portuguese and Spanish, each in a known region", () => {
    const regionKeys = REGIONS.map((r) => r.key);
    for (const country of COUNTRIES) {
      for (const language of GAZETTEER_LANGUAGES) {
        assert.ok(country.names[language].trim(), `${country.code} has a ${language} name`);
      }
      assert.ok(regionKeys.includes(country.region), `${country.code} is in a known region`);
    }
    for (const region of REGIONS) {
      for (const language of GAZETTEER_LANGUAGES) assert.ok(region.names[language].trim());
    }
  });

  test("spells names with their accents", () => {
    assert.deepEqual(byCode("IR").names, { en: "Iran", pt: "Irã", es: "Irán" });
    assert.deepEqual(byCode("LB").names, { en: "Lebanon", pt: "Líbano", es: "Líbano" });
    assert.deepEqual(byCode("CI").names, {
      en: "Côte d'Ivoire",
      pt: "Costa do Marfim",
      es: "Costa de Marfil",
    });
    assert.deepEqual(byCode("ST").names, {
      en: "São Tomé and Príncipe",
      pt: "São Tomé e Príncipe",
      es: "Santo Tomé y Príncipe",
    });
    assert.equal(byCode("DE").names.pt, "Alemanha");
    assert.equal(byCode("JP").names.es, "Japón");
    assert.equal(byCode("CM").names.pt, "Camarões");
    assert.equal(gazetteerRegion("middle-east").names.pt, "Oriente Médio");
  });

  test("keeps the demo taxonomy's regions: Iran, Iraq and Turkey in the Middle East, the US in Asia & Americas", () => {
    for (const code of ["IR", "IQ", "TR", "LB", "SY", "PS", "SA", "EG"]) {
      assert.equal(byCode(code).region, "middle-east", code);
    }
    assert.equal(byCode("US").region, "asia-americas");
    assert.equal(byCode("US").key, "us", "the demo's key for the United States");
    assert.equal(byCode("IQ").key, "iraq");
    assert.equal(byCode("RU").region, "europe-russia");
    assert.equal(byCode("NG").region, "africa");
    assert.deepEqual(gazetteerRegion("asia-americas").names, {
      en: "Asia & Americas",
      pt: "Ásia & Américas",
      es: "Asia y Américas",
    });
  });

  test("knows demonyms and other names in each language", () => {
    assert.ok(byCode("IR").demonyms.es.includes("iraní"));
    assert.ok(byCode("IR").aliases.pt.includes("Irão"));
    assert.ok(byCode("US").aliases.pt.includes("EUA"));
    assert.ok(byCode("US").aliases.es.includes("EEUU"));
    assert.ok(byCode("MM").aliases.en.includes("Burma"));
    assert.deepEqual(byCode("ES").demonyms.pt, [], "'espanhol' is the language as often as the people");
  });

  test("inflects demonyms by gender and number", () => {
    assert.deepEqual(demonymForms("pt", "libanês"), ["libanes", "libanesa", "libaneses", "libanesas"]);
    assert.deepEqual(demonymForms("pt", "iraquiano"), ["iraquiano", "iraquiana", "iraquianos", "iraquianas"]);
    assert.ok(demonymForms("pt", "alemão").includes("alemaes"));
    assert.ok(demonymForms("pt", "afegão").includes("afegaos"));
    assert.deepEqual(demonymForms("es", "iraní"), ["irani", "iranies", "iranis"]);
    assert.deepEqual(demonymForms("es", "libanés"), ["libanes", "libanesa", "libaneses", "libanesas"]);
    assert.deepEqual(demonymForms("en", "Iranian"), ["iranian", "iranians"]);
    assert.deepEqual(demonymForms("en", "Lebanese"), ["lebanese"]);
  });

  test("lists phrases that hide a country inside them in every language", () => {
    for (const language of GAZETTEER_LANGUAGES) assert.ok(BLOCKED_PHRASES[language].length > 0);
  });
});
