import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import type { TagKind } from "../db/schema.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { TagService } from "./tag-service.ts";

async function tagRows(db: Db) {
  return {
    tags: await db.selectFrom("tags").selectAll().orderBy("id").execute(),
    names: await db.selectFrom("tagNames").selectAll().orderBy("tagId").orderBy("edition").execute(),
  };
}

function validationOf(field: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.details.field, field);
    if (message) assert.match(error.message, message);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`tags on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let tags: TagService;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      tags = new TagService(db);
    });
    afterEach(async () => {
      await handle.close();
    });

    /** Middle East with Iran and Iraq under it, and the News section; Iran has no Spanish name. */
    async function taxonomy() {
      const middleEast = await tags.upsertTag({
        key: "middle-east",
        kind: "region",
        names: { en: "Middle East", pt: "Oriente Médio", es: "Oriente Medio" },
      });
      const iran = await tags.upsertTag({
        key: "iran",
        kind: "country",
        parent: "middle-east",
        names: { en: "Iran", pt: "Irã" },
      });
      const iraq = await tags.upsertTag({
        key: "iraq",
        kind: "country",
        parent: "middle-east",
        names: { en: "Iraq", pt: "Iraque", es: "Irak" },
      });
      const news = await tags.upsertTag({
        key: "news",
        kind: "section",
        names: { en: "News", pt: { name: "Notícias", slug: "noticias" }, es: "Noticias" },
      });
      return { middleEast, iran, iraq, news };
    }

    test("changes nothing when the same tag is upserted twice", async () => {
      const input = {
        key: "iraq",
        kind: "country" as const,
        names: { en: "Iraq", pt: "Iraque", es: { name: "Irak", slug: "irak" } },
      };
      const first = await tags.upsertTag(input);
      const before = await tagRows(db);
      const second = await tags.upsertTag(input);
      assert.deepEqual(second, first);
      assert.deepEqual(await tagRows(db), before);
      assert.equal(before.tags.length, 1);
      assert.equal(before.names.length, 3);
    });

    test("stores a name and a slug per edition, the slug made from the name unless given", async () => {
      const { iran, news } = await taxonomy();
      const names = await db
        .selectFrom("tagNames")
        .select(["edition", "name", "slug"])
        .where("tagId", "in", [iran.id, news.id])
        .orderBy("tagId")
        .orderBy("edition")
        .execute();
      assert.deepEqual(names, [
        { edition: "en", name: "Iran", slug: "iran" },
        { edition: "pt", name: "Irã", slug: "ira" },
        { edition: "en", name: "News", slug: "news" },
        { edition: "es", name: "Noticias", slug: "noticias" },
        { edition: "pt", name: "Notícias", slug: "noticias" },
      ]);
    });

    test("updates the names, kind and slugs of a tag upserted again with new ones", async () => {
      const first = await tags.upsertTag({ key: "gaza", kind: "topic", names: { en: "Gaza" } });
      const second = await tags.upsertTag({
        key: "gaza",
        kind: "region",
        names: { en: { name: "Gaza Strip", slug: "gaza-strip" }, pt: "Faixa de Gaza" },
      });
      assert.equal(second.id, first.id);
      assert.equal(second.kind, "region");
      assert.deepEqual(await tags.findBySlug("en", "gaza"), undefined);
      assert.equal((await tags.findBySlug("en", "gaza-strip"))?.name, "Gaza Strip");
      assert.equal((await tags.findBySlug("pt", "faixa-de-gaza"))?.id, first.id);
    });

    test("sets the parent by its key, and clears it when upserted without one", async () => {
      const { middleEast, iran } = await taxonomy();
      assert.equal(iran.parentId, middleEast.id);
      assert.equal((await tags.getByKey("iraq")).parentId, middleEast.id);
      const orphan = await tags.upsertTag({ key: "iran", kind: "country", names: { en: "Iran" } });
      assert.equal(orphan.parentId, null);
    });

    test("refuses an unknown parent key with NotFoundError and stores nothing", async () => {
      await assert.rejects(
        tags.upsertTag({ key: "iran", kind: "country", parent: "nowhere", names: { en: "Iran" } }),
        (error: unknown) => error instanceof NotFoundError && error.status === 404,
      );
      assert.deepEqual(await tagRows(db), { tags: [], names: [] });
    });

    test("refuses a tag as its own parent", async () => {
      await taxonomy();
      const before = await tagRows(db);
      await assert.rejects(
        tags.upsertTag({ key: "iran", kind: "country", parent: "iran", names: { en: "Iran" } }),
        validationOf("parent"),
      );
      assert.deepEqual(await tagRows(db), before);
    });

    test("refuses a parent that sits below the tag", async () => {
      await taxonomy();
      const before = await tagRows(db);
      await assert.rejects(
        tags.upsertTag({ key: "middle-east", kind: "region", parent: "iraq", names: { en: "Middle East" } }),
        validationOf("parent", /"iraq"/),
      );
      assert.deepEqual(await tagRows(db), before);
    });

    test("finds a tag by its slug in an edition, with that edition's name and description", async () => {
      const { iran } = await taxonomy();
      assert.deepEqual(await tags.findBySlug("pt", "ira"), {
        id: iran.id,
        key: "iran",
        kind: "country",
        name: "Irã",
        slug: "ira",
        edition: "pt",
        language: "pt",
        description: null,
      });
      assert.equal(
        await tags.findBySlug("en", "ira"),
        undefined,
        "the Portuguese slug is not an English one",
      );
      assert.equal(await tags.findBySlug("es", "iran"), undefined, "Iran has no Spanish name");
      assert.equal(await tags.findBySlug("en", "atlantis"), undefined);
    });

    test("finds a tag by key, and answers NotFoundError for an unknown key", async () => {
      const { iraq } = await taxonomy();
      assert.deepEqual(await tags.getByKey("iraq"), iraq);
      await assert.rejects(tags.getByKey("atlantis"), NotFoundError);
    });

    test("includes a region's countries, and their own children, in withDescendants", async () => {
      const { middleEast, iran, iraq, news } = await taxonomy();
      const kurdistan = await tags.upsertTag({
        key: "kurdistan",
        kind: "region",
        parent: "iraq",
        names: { en: "Kurdistan" },
      });
      const descendants = await tags.withDescendants(middleEast.id);
      assert.deepEqual(
        [...descendants].sort((a, b) => a - b),
        [middleEast.id, iran.id, iraq.id, kurdistan.id].sort((a, b) => a - b),
      );
      assert.equal(descendants[0], middleEast.id);
      assert.deepEqual(await tags.withDescendants(iraq.id), [iraq.id, kurdistan.id]);
      assert.deepEqual(await tags.withDescendants(news.id), [news.id]);
    });

    test("refuses a slug another tag uses in the same edition with ConflictError, storing nothing", async () => {
      await taxonomy();
      const before = await tagRows(db);
      await assert.rejects(
        tags.upsertTag({ key: "iran-topic", kind: "topic", names: { pt: "Grécia", en: "Iran" } }),
        (error: unknown) => {
          assert.ok(error instanceof ConflictError);
          assert.equal(error.status, 409);
          assert.match(error.message, /en tag slug "iran"/);
          return true;
        },
      );
      assert.deepEqual(await tagRows(db), before);
    });

    test("refuses to rename a tag onto another tag's slug, keeping its names", async () => {
      await taxonomy();
      const before = await tagRows(db);
      await assert.rejects(
        tags.upsertTag({ key: "iraq", kind: "country", parent: "middle-east", names: { en: "Iran" } }),
        ConflictError,
      );
      assert.deepEqual(await tagRows(db), before);
    });

    test("lets two tags share a slug in different editions", async () => {
      const a = await tags.upsertTag({ key: "tag-a", kind: "topic", names: { en: "Gas" } });
      const b = await tags.upsertTag({ key: "tag-b", kind: "topic", names: { es: "Gas" } });
      assert.equal((await tags.findBySlug("en", "gas"))?.id, a.id);
      assert.equal((await tags.findBySlug("es", "gas"))?.id, b.id);
    });

    test("refuses an unknown kind with a ValidationError listing the kinds", async () => {
      await assert.rejects(
        tags.upsertTag({ key: "planet", kind: "planet" as TagKind, names: { en: "Planet" } }),
        validationOf("kind", /region, country, section, topic/),
      );
      assert.deepEqual(await tagRows(db), { tags: [], names: [] });
    });

    test("refuses a key that is not a slug, an empty name and an invalid given slug", async () => {
      await assert.rejects(
        tags.upsertTag({ key: "Middle East", kind: "region", names: { en: "x" } }),
        validationOf("key"),
      );
      await assert.rejects(
        tags.upsertTag({ key: "gaza", kind: "region", names: { pt: "  " } }),
        validationOf("names.pt"),
      );
      await assert.rejects(
        tags.upsertTag({ key: "gaza", kind: "region", names: { en: { name: "Gaza", slug: "Gaza Strip" } } }),
        validationOf("slug"),
      );
      assert.deepEqual(await tagRows(db), { tags: [], names: [] });
    });

    test("refuses a name in an edition that does not exist, storing nothing", async () => {
      await assert.rejects(
        tags.upsertTag({ key: "gaza", kind: "region", names: { en: "Gaza", fr: "Gaza" } }),
        /names: "fr" is not an edition; use one of en, pt, es/,
      );
      assert.deepEqual(await tagRows(db), { tags: [], names: [] });
    });

    describe("labels of a story", () => {
      test("names the story's tags in the requested edition, in the story's order", async () => {
        const { middleEast, iraq, news } = await taxonomy();
        const story = await new StoryService(db).createStory({
          originalEdition: "en",
          tagIds: [news.id, iraq.id, middleEast.id],
        });
        const labels = await tags.labelsForStory(story.id, "pt", "en");
        assert.deepEqual(
          labels.map((label) => [label.key, label.name, label.slug, label.language]),
          [
            ["news", "Notícias", "noticias", "pt"],
            ["iraq", "Iraque", "iraque", "pt"],
            ["middle-east", "Oriente Médio", "oriente-medio", "pt"],
          ],
        );
        assert.deepEqual(labels[1], {
          id: iraq.id,
          key: "iraq",
          kind: "country",
          name: "Iraque",
          slug: "iraque",
          language: "pt",
        });
      });

      test("falls back to the original edition's name, saying which language it is in", async () => {
        const { iran, iraq } = await taxonomy();
        const story = await new StoryService(db).createStory({
          originalEdition: "en",
          tagIds: [iran.id, iraq.id],
        });
        const labels = await tags.labelsForStory(story.id, "es", story.originalEdition);
        assert.deepEqual(
          labels.map((label) => [label.key, label.name, label.language]),
          [
            ["iran", "Iran", "en"],
            ["iraq", "Irak", "es"],
          ],
        );
      });

      test("uses the fallback it is given, such as a Portuguese original", async () => {
        const { iran } = await taxonomy();
        const story = await new StoryService(db).createStory({ originalEdition: "pt", tagIds: [iran.id] });
        const [label] = await tags.labelsForStory(story.id, "es", "pt");
        assert.deepEqual([label?.name, label?.slug, label?.language], ["Irã", "ira", "pt"]);
      });

      test("answers no labels for a story without tags", async () => {
        await taxonomy();
        const story = await new StoryService(db).createStory({ originalEdition: "en" });
        assert.deepEqual(await tags.labelsForStory(story.id, "en", "en"), []);
      });
    });
  });
}
