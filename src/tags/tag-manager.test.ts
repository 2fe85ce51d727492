import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { SearchService } from "../search/search-service.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ForbiddenError, ValidationError } from "../shared/errors.ts";
import { TagManager, type TagNamesForm } from "./tag-manager.ts";
import { TagService } from "./tag-service.ts";

for (const database of testDatabases()) {
  describe(`the tag manager on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let tags: TagService;
    let manager: TagManager;
    let announced: ContentChange[];
    let editor: Actor;
    let contributor: Actor;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      const events = new ContentEvents();
      announced = [];
      events.subscribe((change) => {
        announced.push(change);
      });
      tags = new TagService(db);
      manager = new TagManager(db, events);
      // The audit log names its actors: make them exist.
      editor = { ...(await createTestUser(db, "editor")), editions: [] };
      contributor = { ...(await createTestUser(db, "contributor")), editions: [] };
    });
    afterEach(() => handle.close());

    async function taxonomy() {
      const region = await tags.upsertTag({
        key: "middle-east",
        kind: "region",
        names: { en: "Middle East", pt: "Oriente Médio", es: "Oriente Medio" },
      });
      const iran = await tags.upsertTag({
        key: "iran",
        kind: "country",
        parent: "middle-east",
        names: { en: "Iran", pt: "Irã", es: "Irán" },
      });
      const persia = await tags.upsertTag({
        key: "persia",
        kind: "topic",
        names: { en: "Persia", pt: "Pérsia", es: "Persia" },
      });
      return { region, iran, persia };
    }

    async function publishedStory(
      tagIds: number[],
      title: string,
    ): Promise<{ storyId: number; articleId: number }> {
      const story = await new StoryService(db).createStory({ originalEdition: "pt", tagIds });
      const articles = new ArticleService(db);
      const article = await articles.createArticle({
        storyId: story.id,
        edition: "pt",
        title,
        body: bodyFromParagraphs(["Um texto qualquer sobre o assunto."]),
      });
      await articles.publishArticle(article.id, { at: new Date(Date.now() - 60_000) });
      return { storyId: story.id, articleId: article.id };
    }

    function namesForm(overrides: Partial<TagNamesForm>): TagNamesForm {
      return {
        en: { name: "Iran", slug: "iran", description: "" },
        pt: { name: "Irã", slug: "ira", description: "" },
        es: { name: "Irán", slug: "iran", description: "" },
        ...overrides,
      } as TagNamesForm;
    }

    async function searchPt(text: string): Promise<number[]> {
      const search = new SearchService(db, new SiteUrls(testConfig.publicUrl));
      try {
        const pt = testConfig.editions.find((edition) => edition.code === "pt") as Edition;
        const results = await search.search(pt, text, {}, new Date().toISOString());
        return results.hits.map((hit) => hit.articleId);
      } finally {
        await search.close();
      }
    }

    test("a rename in one edition keeps the old slug as history, and the search finds the stories by the new name", async () => {
      const { iran } = await taxonomy();
      const { articleId } = await publishedStory([iran.id], "Eleições marcadas");
      assert.deepEqual(await searchPt("Xiraz"), []);

      await manager.edit(
        editor,
        iran.id,
        namesForm({ pt: { name: "Xiraz", slug: "xiraz", description: "" } }),
      );

      assert.equal((await tags.findBySlug("pt", "xiraz"))?.id, iran.id);
      assert.equal(await tags.findBySlug("pt", "ira"), undefined);
      assert.equal(await tags.findFormerSlug("pt", "ira"), "xiraz");
      assert.equal(await tags.findFormerSlug("en", "ira"), undefined, "history is per edition");
      assert.deepEqual(await searchPt("Xiraz"), [articleId]);
      const change = announced.at(-1);
      assert.deepEqual(change?.reasons, ["tag.reslugged"]);
      assert.deepEqual(change?.editions, ["pt"]);
      const audit = await db.selectFrom("auditLog").selectAll().where("action", "=", "tag.edit").execute();
      assert.equal(audit.length, 1);
    });

    test("a slug taken back stops being history", async () => {
      const { iran } = await taxonomy();
      await manager.edit(
        editor,
        iran.id,
        namesForm({ pt: { name: "Xiraz", slug: "xiraz", description: "" } }),
      );
      await manager.edit(editor, iran.id, namesForm({ pt: { name: "Irã", slug: "ira", description: "" } }));
      assert.equal((await tags.findBySlug("pt", "ira"))?.id, iran.id);
      assert.equal(await tags.findFormerSlug("pt", "ira"), undefined);
      assert.equal(await tags.findFormerSlug("pt", "xiraz"), "ira");
    });

    test("a description is stored per edition as typed, and refused without a name or past its limit", async () => {
      const { iran } = await taxonomy();
      const hostile = `<script>alert("x")</script> & more`;
      await manager.edit(
        editor,
        iran.id,
        namesForm({ pt: { name: "Irã", slug: "ira", description: hostile } }),
      );
      assert.equal((await tags.findBySlug("pt", "ira"))?.description, hostile);
      assert.equal((await tags.findBySlug("en", "iran"))?.description, null);
      assert.deepEqual(announced.at(-1)?.reasons, ["tag.described"]);
      assert.deepEqual(announced.at(-1)?.editions, ["pt"]);

      await assert.rejects(
        manager.edit(
          editor,
          iran.id,
          namesForm({ pt: { name: "Irã", slug: "ira", description: "x".repeat(1001) } }),
        ),
        (error: unknown) => error instanceof ValidationError && error.details.field === "pt.description",
      );
      await assert.rejects(
        manager.edit(editor, iran.id, namesForm({ en: { name: "", slug: "iran", description: "" } })),
        (error: unknown) => error instanceof ValidationError && error.details.field === "en.name",
      );
      assert.equal((await tags.findBySlug("pt", "ira"))?.description, hostile, "nothing lost on a refusal");
    });

    test("merging moves the stories (once each), the listing rows and every edition's old addresses", async () => {
      const { region, iran, persia } = await taxonomy();
      const both = await publishedStory([iran.id, persia.id], "Com as duas etiquetas");
      const onlyPersia = await publishedStory([persia.id], "Só a Pérsia");
      await manager.edit(editor, persia.id, {
        en: { name: "Persia", slug: "persia-old", description: "" },
        pt: { name: "Pérsia", slug: "persia", description: "" },
        es: { name: "Persia", slug: "persia", description: "" },
      });

      await manager.merge(editor, persia.id, iran.id);

      assert.equal(
        await db.selectFrom("tags").select("id").where("id", "=", persia.id).executeTakeFirst(),
        undefined,
      );
      const storyTags = await db
        .selectFrom("storyTags")
        .select(["storyId", "tagId"])
        .where("storyId", "in", [both.storyId, onlyPersia.storyId])
        .orderBy("storyId")
        .execute();
      assert.deepEqual(storyTags, [
        { storyId: both.storyId, tagId: iran.id },
        { storyId: onlyPersia.storyId, tagId: iran.id },
      ]);
      // Iran's archive and its region's list both stories, each once.
      for (const tagId of [iran.id, region.id]) {
        const listed = await db
          .selectFrom("tagListings")
          .select("articleId")
          .where("tagId", "=", tagId)
          .orderBy("articleId")
          .execute();
        assert.deepEqual(
          listed.map((row) => row.articleId),
          [both.articleId, onlyPersia.articleId],
        );
      }
      for (const [edition, slug, target] of [
        ["en", "persia", "iran"],
        ["en", "persia-old", "iran"],
        ["pt", "persia", "ira"],
        ["es", "persia", "iran"],
      ] as const) {
        assert.equal(await tags.findFormerSlug(edition, slug), target, `${edition}/${slug}`);
      }
      assert.deepEqual(
        await searchPt("Irã"),
        [onlyPersia.articleId, both.articleId].sort((a, b) => b - a),
      );
      const change = announced.at(-1);
      assert.deepEqual([...(change?.reasons ?? [])].sort(), ["story.tags", "tag.merged"]);
      assert.ok(change?.tagIds.includes(persia.id) && change.tagIds.includes(iran.id));
      assert.ok(change?.storyIds.includes(onlyPersia.storyId));
    });

    test("an edition where the surviving tag has no name takes the merged tag's", async () => {
      const { iran } = await taxonomy();
      const lonely = await tags.upsertTag({ key: "elam", kind: "topic", names: { pt: "Elão" } });
      await manager.merge(editor, iran.id, lonely.id);
      assert.equal((await tags.findBySlug("en", "iran"))?.id, lonely.id);
      assert.equal(await tags.findFormerSlug("pt", "ira"), "elao");
    });

    test("a merge into a tag below the merged one, or into itself, is refused and changes nothing", async () => {
      const { region, iran } = await taxonomy();
      await assert.rejects(manager.merge(editor, region.id, iran.id), ValidationError);
      await assert.rejects(manager.merge(editor, iran.id, iran.id), ValidationError);
      assert.equal((await tags.findBySlug("en", "middle-east"))?.id, region.id);
    });

    test("moving a tag rebuilds the closure; a move below itself is refused with 400", async () => {
      const { region, iran, persia } = await taxonomy();
      await manager.move(editor, persia.id, { kind: "country", parentId: region.id });
      const ancestors = await db
        .selectFrom("tagAncestors")
        .select("ancestorId")
        .where("tagId", "=", persia.id)
        .orderBy("ancestorId")
        .execute();
      assert.deepEqual(
        ancestors.map((row) => row.ancestorId),
        [region.id, persia.id].sort((a, b) => a - b),
      );
      await assert.rejects(
        manager.move(editor, region.id, { kind: "region", parentId: iran.id }),
        (error: unknown) => error instanceof ValidationError && error.status === 400,
      );
      await assert.rejects(
        manager.move(editor, region.id, { kind: "region", parentId: region.id }),
        (error: unknown) => error instanceof ValidationError && error.status === 400,
      );
      const regionRow = await db
        .selectFrom("tags")
        .select("parentId")
        .where("id", "=", region.id)
        .executeTakeFirst();
      assert.equal(regionRow?.parentId, null);
    });

    test("creating a tag gives it a free key; only editors and admins manage tags", async () => {
      await tags.upsertTag({ key: "elam", kind: "topic", names: { pt: "Elão" } });
      const created = await manager.create(editor, {
        kind: "country",
        parentId: null,
        names: { en: "Elam", pt: "" },
      });
      assert.equal(created.key, "elam-2");
      assert.equal((await tags.findBySlug("en", "elam"))?.id, created.id);
      await assert.rejects(manager.list(contributor), ForbiddenError);
      await assert.rejects(manager.edit(contributor, created.id, {}), ForbiddenError);
      await assert.rejects(manager.merge(contributor, created.id, created.id), ForbiddenError);
    });
  });
}
