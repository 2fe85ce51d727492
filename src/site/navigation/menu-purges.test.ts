import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { StoryService } from "../../articles/story-service.ts";
import { cacheKeyOf } from "../../cache/cached-response.ts";
import type { PageCache } from "../../cache/page-cache.ts";
import { Editions } from "../../editions/edition-service.ts";
import { type ContentChange, ContentEvents } from "../../shared/content-events.ts";
import { TagService } from "../../tags/tag-service.ts";
import { SectionMenus } from "./section-menus.ts";

const HOST = "localhost:80";

/**
 * Every reader page shows its edition's menu: what changes a menu drops the pages showing it (and
 * only those), on a warm page cache. A page that shows the menu and nothing else of what changed
 * (an author's archive, a 404) is the witness.
 */
for (const database of testDatabases()) {
  describe(`the section menu in the page cache on ${database.name}`, () => {
    let demo: DemoApp;
    let cache: PageCache;
    let admin: NewsroomSession;
    let tags: TagService;
    let stories: StoryService;
    let authorSlug = "";
    const announced: ContentChange[] = [];

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "64" });
      assert.ok(demo.app.pageCache);
      cache = demo.app.pageCache;
      tags = new TagService(demo.database.db, demo.app.contentEvents);
      stories = new StoryService(demo.database.db, demo.app.contentEvents);
      admin = await signInAs(demo.app, demo.database.db, "admin");
      const author = await demo.database.db.selectFrom("authors").select("slug").executeTakeFirstOrThrow();
      authorSlug = author.slug;
      demo.app.contentEvents.subscribe((change) => {
        announced.push(change);
      });
    });
    after(() => demo.close());

    const witnesses = () =>
      ["en", "pt", "es"].flatMap((lang) => [`/${lang}/author/${authorSlug}`, `/${lang}/nothing-here`]);
    const warm = async () => {
      for (const url of witnesses()) await demo.app.inject(url);
      for (const url of witnesses()) assert.ok(cache.peek(cacheKeyOf(HOST, url)), `${url} is cached`);
    };
    const cached = (url: string) => cache.peek(cacheKeyOf(HOST, url)) !== undefined;
    const menuNames = async (url: string) =>
      [...parsePage((await demo.app.inject(url)).body).querySelectorAll("header .section-menu nav a")].map(
        (a) => a.textContent,
      );

    test("renaming a tag of the menu in one edition drops that edition's pages, not the others'", async () => {
      await warm();
      await tags.upsertTag({
        key: "news",
        kind: "section",
        names: { pt: { name: "Geral", slug: "noticias" } },
      });
      assert.deepEqual(
        witnesses().filter((url) => !cached(url)),
        [`/pt/author/${authorSlug}`, "/pt/nothing-here"],
      );
      assert.equal((await menuNames(`/pt/author/${authorSlug}`))[0], "Geral");
    });

    test("a new section with published stories enters the default menu, announced as menu.changed for its editions", async () => {
      await warm();
      announced.length = 0;
      const sport = await tags.upsertTag({ key: "sport", kind: "section", names: { en: "Sport" } });
      const story = await demo.database.db
        .selectFrom("stories")
        .innerJoin("storyTags", "storyTags.storyId", "stories.id")
        .select(["stories.id", "storyTags.tagId"])
        .orderBy("stories.id")
        .execute();
      const storyId = story[0]?.id ?? 0;
      const tagIds = story.filter((row) => row.id === storyId).map((row) => row.tagId);
      await stories.setTags(storyId, [...tagIds, sport.id]);
      assert.deepEqual(
        announced
          .filter((change) => change.reasons.includes("menu.changed"))
          .map((change) => change.editions),
        [["en"]],
        "only the English menu names the new section",
      );
      assert.deepEqual(
        witnesses().filter((url) => !cached(url)),
        [`/en/author/${authorSlug}`, "/en/nothing-here"],
      );
      assert.deepEqual(await menuNames(`/en/author/${authorSlug}`), [
        "News",
        "Sport",
        "Middle East",
        "Asia & Americas",
      ]);

      announced.length = 0;
      await stories.setTags(storyId, [...tagIds, sport.id]);
      assert.deepEqual(
        announced.flatMap((change) => change.reasons),
        ["story.tags"],
        "the same tags again: the menu is the same, nothing more is announced",
      );
    });

    test("a change named for one edition reloads that edition's menu only; a tag's change, every edition's", async () => {
      const events = new ContentEvents();
      const editions = new Editions(demo.config.editions, demo.config.defaultEdition);
      const menus = await SectionMenus.start(demo.database.db, editions, events);
      after(() => menus.close());
      const names = (code: string) => menus.menuFor(editions.get(code)).map((entry) => entry.name);
      // Changed behind the menus' back (no events): only announcements make them look again.
      const culture = await new TagService(demo.database.db).upsertTag({
        key: "culture",
        kind: "section",
        names: { en: "Culture", pt: "Cultura" },
      });
      const silent = new StoryService(demo.database.db);
      const storyIds = await demo.database.db.selectFrom("stories").select("id").orderBy("id").execute();
      for (const { id } of storyIds.slice(0, 4)) {
        const current = await demo.database.db
          .selectFrom("storyTags")
          .select("tagId")
          .where("storyId", "=", id)
          .execute();
        await silent.setTags(id, [...current.map((row) => row.tagId), culture.id]);
      }
      assert.ok(!names("en").includes("Culture") && !names("pt").includes("Cultura"));
      const change = { articleIds: [], storyIds: [], tagIds: [] };
      await events.announce({ ...change, reasons: ["article.published"], editions: ["pt"] });
      assert.ok(names("pt").includes("Cultura"), "the edition named reloads");
      assert.ok(!names("en").includes("Culture"), "the other editions do not");
      await events.announce({ ...change, reasons: ["tag.renamed"], editions: ["pt"] });
      assert.ok(names("en").includes("Culture"), "a tag's change reloads every edition");
    });

    test("saving an edition's menu drops every page (the settings' own purge)", async () => {
      await warm();
      const saved = await admin.post("/newsroom/settings/editions/es", {
        displayName: "",
        timeZone: "",
        featuredRegions: "",
        menuSections: "middle-east",
      });
      assert.equal(saved.statusCode, 303);
      assert.deepEqual(witnesses().filter(cached), []);
      assert.deepEqual(await menuNames("/es/nothing-here"), ["Oriente Medio"]);
    });
  });
}
