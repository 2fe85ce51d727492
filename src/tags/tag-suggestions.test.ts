import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import type { Db } from "../db/database.ts";
import { loadDemoFixture } from "../seed/demo-seed.ts";
import { NotFoundError } from "../shared/errors.ts";
import { TagService } from "./tag-service.ts";
import { acceptTagSuggestion, suggestTags, type TagSuggestion } from "./tag-suggestions.ts";

/** The demo's tags, as the fixture defines them. */
async function demoTags(db: Db): Promise<Map<string, number>> {
  const service = new TagService(db);
  const ids = new Map<string, number>();
  for (const tag of loadDemoFixture().tags) {
    ids.set(tag.key, (await service.upsertTag({ ...tag, parent: tag.parent ?? null })).id);
  }
  return ids;
}

/** The lead story's text in one edition: title and paragraphs. */
function leadText(edition: string): string {
  const text = loadDemoFixture().articles[0]?.editions[edition];
  assert.ok(text);
  return [text.title, ...text.body.filter((part) => typeof part === "string")].join("\n\n");
}

const keys = (suggestions: TagSuggestion[]) => suggestions.map((s) => s.key);
const find = (suggestions: TagSuggestion[], key: string) => {
  const suggestion = suggestions.find((s) => s.key === key);
  assert.ok(suggestion, `suggests ${key} (got ${keys(suggestions).join(", ")})`);
  return suggestion;
};

async function tagRows(db: Db) {
  return {
    tags: await db.selectFrom("tags").selectAll().orderBy("id").execute(),
    names: await db.selectFrom("tagNames").selectAll().orderBy("tagId").orderBy("edition").execute(),
  };
}

for (const database of testDatabases()) {
  describe(`tag suggestions on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
    });
    afterEach(async () => {
      await handle.close();
    });

    test("finds Irã, Iraque and EUA as existing tags in the Portuguese lead, and Líbano from 'libanesas'", async () => {
      const ids = await demoTags(db);
      const suggestions = await suggestTags(db, { text: leadText("pt"), edition: "pt" });
      assert.deepEqual(keys(suggestions).slice(0, 3), ["iraq", "us", "iran"], "ranked by mentions");
      const iraq = find(suggestions, "iraq");
      assert.deepEqual(iraq.tag, { id: ids.get("iraq"), key: "iraq" });
      assert.equal(iraq.name, "Iraque");
      assert.deepEqual(iraq.region, {
        key: "middle-east",
        name: "Oriente Médio",
        tagId: ids.get("middle-east"),
      });
      assert.ok(iraq.matches.includes("iraquianos"), "demonyms count as mentions");
      const us = find(suggestions, "us");
      assert.equal(us.tag?.id, ids.get("us"));
      assert.equal(us.countryCode, "US");
      assert.ok(us.matches.includes("EUA") && us.matches.includes("Estados Unidos"));
      assert.equal(find(suggestions, "iran").name, "Irã");
      assert.equal(find(suggestions, "iran").create, null);

      const lebanon = find(suggestions, "lebanon");
      assert.equal(lebanon.tag, null, "Lebanon is not a tag yet");
      assert.equal(lebanon.name, "Líbano");
      assert.equal(lebanon.countryCode, "LB");
      assert.deepEqual(lebanon.matches, ["libanesas"]);
      assert.deepEqual(lebanon.region, {
        key: "middle-east",
        name: "Oriente Médio",
        tagId: ids.get("middle-east"),
      });
      assert.deepEqual(lebanon.create, {
        key: "lebanon",
        kind: "country",
        parent: "middle-east",
        names: { en: "Lebanon", pt: "Líbano", es: "Líbano" },
      });
      assert.ok(!keys(suggestions).includes("news"), "sections are not suggested from text");
    });

    test("ranks by mentions, then by the first mention", async () => {
      const suggestions = await suggestTags(db, {
        text: "Chile and Peru met. Peru won. Brazil and Chile watched, and Chile lost.",
        edition: "en",
      });
      assert.deepEqual(keys(suggestions), ["chile", "peru", "brazil"]);
      assert.deepEqual(
        suggestions.map((s) => [s.mentions, s.firstMention]),
        [
          [3, 0],
          [2, 10],
          [1, 30],
        ],
      );
    });

    test("matches whole words, accents and case aside, and multi-word names", async () => {
      await new TagService(db).upsertTag({
        key: "oil",
        kind: "topic",
        names: { en: "Oil", pt: "Petróleo", es: "Petróleo" },
      });
      const suggestions = await suggestTags(db, {
        text: "La producción de PETROLEO en Arabia Saudí y en los Emiratos Árabes Unidos; Omaní.",
        edition: "es",
      });
      assert.deepEqual(keys(suggestions), ["oil", "saudi-arabia", "united-arab-emirates", "oman"]);
      assert.deepEqual(find(suggestions, "oil").matches, ["PETROLEO"]);
      const none = await suggestTags(db, {
        text: "Oilfields and petroleos-like words: soil, boil.",
        edition: "en",
      });
      assert.deepEqual(keys(none), [], "no match inside a word");
    });

    test("finds an existing tag by its name in any edition, in the edition's text", async () => {
      const ids = await demoTags(db);
      const suggestions = await suggestTags(db, { text: "Ataques en Irã y Turkey.", edition: "es" });
      assert.deepEqual(
        suggestions.map((s) => [s.key, s.name, s.tag?.id]),
        [
          ["iran", "Irán", ids.get("iran")],
          ["turkey", "Turquía", ids.get("turkey")],
        ],
      );
    });

    test("prefers the longer name, keeps abbreviations in capitals and skips phrases that only contain a name", async () => {
      const suggestions = await suggestTags(db, {
        text: "South Sudan is not Sudan. Tell us, said the Latin American envoy in New Mexico, about the chad.",
        edition: "en",
      });
      assert.deepEqual(keys(suggestions), ["south-sudan", "sudan"]);
      const us = await suggestTags(db, { text: "The US and the U.S. told us.", edition: "en" });
      assert.deepEqual(
        us.map((s) => [s.key, s.mentions]),
        [["us", 2]],
      );
    });

    test("reads the gazetteer in the edition's language", async () => {
      const english = await suggestTags(db, { text: "Alemanha e Germany.", edition: "en" });
      assert.deepEqual(keys(english), ["germany"]);
      assert.deepEqual(find(english, "germany").matches, ["Germany"]);
      const portuguese = await suggestTags(db, { text: "Tropas alemãs na Alemanha.", edition: "pt" });
      assert.deepEqual(find(portuguese, "germany").matches, ["alemãs", "Alemanha"]);
      assert.equal(find(portuguese, "germany").name, "Alemanha");
    });

    test("leaves out the tags the article already has", async () => {
      const ids = await demoTags(db);
      const iran = ids.get("iran") ?? 0;
      const suggestions = await suggestTags(db, {
        text: "Irã e Iraque.",
        edition: "pt",
        excludeTagIds: [iran],
      });
      assert.deepEqual(keys(suggestions), ["iraq"]);
    });

    test("suggests a region named in the text, existing or not", async () => {
      const ids = await demoTags(db);
      const suggestions = await suggestTags(db, { text: "No Oriente Médio e na Europa.", edition: "pt" });
      assert.deepEqual(
        suggestions.map((s) => [s.key, s.kind, s.tag?.id ?? null]),
        [
          ["middle-east", "region", ids.get("middle-east")],
          ["europe-russia", "region", null],
        ],
      );
    });

    describe("accepting a suggestion", () => {
      test("creates the country under its region, named in three languages, in one call", async () => {
        const ids = await demoTags(db);
        const { tag, created } = await acceptTagSuggestion(db, "lebanon");
        assert.equal(created, true);
        assert.equal(tag.kind, "country");
        assert.equal(tag.parentId, ids.get("middle-east"));
        const names = await db
          .selectFrom("tagNames")
          .select(["edition", "name", "slug"])
          .where("tagId", "=", tag.id)
          .orderBy("edition")
          .execute();
        assert.deepEqual(names, [
          { edition: "en", name: "Lebanon", slug: "lebanon" },
          { edition: "es", name: "Líbano", slug: "libano" },
          { edition: "pt", name: "Líbano", slug: "libano" },
        ]);
        const after = await suggestTags(db, { text: "Partes libanesas.", edition: "pt" });
        assert.deepEqual(find(after, "lebanon").tag, { id: tag.id, key: "lebanon" });
      });

      test("changes nothing when accepted twice", async () => {
        await demoTags(db);
        const first = await acceptTagSuggestion(db, "lebanon");
        const before = await tagRows(db);
        const second = await acceptTagSuggestion(db, "lebanon");
        assert.equal(second.created, false);
        assert.deepEqual(second.tag, first.tag);
        assert.deepEqual(await tagRows(db), before);
      });

      test("creates the region too when it is missing", async () => {
        const { tag } = await acceptTagSuggestion(db, "germany");
        const region = await new TagService(db).getByKey("europe-russia");
        assert.equal(tag.parentId, region.id);
        assert.equal(region.kind, "region");
        assert.equal((await new TagService(db).findBySlug("es", "europa-y-rusia"))?.name, "Europa y Rusia");
      });

      test("puts the country under an existing region of another key that has the region's name", async () => {
        const mena = await new TagService(db).upsertTag({
          key: "mena",
          kind: "region",
          names: { en: "Middle East", pt: "Oriente Médio" },
        });
        const suggestions = await suggestTags(db, { text: "Líbano.", edition: "pt" });
        assert.deepEqual(find(suggestions, "lebanon").region, {
          key: "mena",
          name: "Oriente Médio",
          tagId: mena.id,
        });
        const { tag } = await acceptTagSuggestion(db, "lebanon");
        assert.equal(tag.parentId, mena.id);
        assert.equal(
          await db.selectFrom("tags").select("id").where("key", "=", "middle-east").executeTakeFirst(),
          undefined,
        );
      });

      test("returns an existing tag as it is, and refuses a key nobody knows", async () => {
        const ids = await demoTags(db);
        const before = await tagRows(db);
        const { tag, created } = await acceptTagSuggestion(db, "us");
        assert.deepEqual([tag.id, created], [ids.get("us"), false]);
        assert.deepEqual(await tagRows(db), before);
        await assert.rejects(acceptTagSuggestion(db, "atlantis"), NotFoundError);
      });
    });
  });
}
