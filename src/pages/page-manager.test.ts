import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { footerKey, keysForChange, pageGroupKey, pageKey } from "../cache/surrogate-keys.ts";
import type { Db } from "../db/database.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  SlugTakenError,
  ValidationError,
} from "../shared/errors.ts";
import { FooterPages } from "./footer-pages.ts";
import type { PageFields } from "./page.ts";
import { PageManager } from "./page-manager.ts";
import { PageService } from "./page-service.ts";

const about = (overrides: Partial<PageFields> = {}): PageFields => ({
  title: "About us",
  slug: "",
  body: bodyFromParagraphs(["Tribune reports the Middle East for readers in three languages."]),
  metaDescription: null,
  inFooter: true,
  footerPosition: 1,
  ...overrides,
});

for (const database of testDatabases()) {
  describe(`pages on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let events: ContentEvents;
    let announced: ContentChange[];
    let manager: PageManager;
    let pages: PageService;
    let editor: Actor;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      events = new ContentEvents();
      announced = [];
      events.subscribe((change) => {
        announced.push(change);
      });
      manager = new PageManager(db, events);
      pages = new PageService(db);
      editor = { ...(await createTestUser(db, "editor")), editions: [] };
    });
    afterEach(() => handle.close());

    test("a new page is a draft with a slug made from its title, unseen by readers and unannounced", async () => {
      const page = await manager.create(editor, "en", about());
      assert.equal(page.slug, "about-us");
      assert.equal(page.status, "draft");
      assert.equal(await pages.publishedBySlug("en", "about-us"), undefined);
      assert.deepEqual(announced, []);
    });

    test("publishing puts the page on its address and announces it with its group and footer", async () => {
      const page = await manager.create(editor, "en", about());
      await manager.publish(editor, page.id);
      assert.equal((await pages.publishedBySlug("en", "about-us"))?.id, page.id);
      assert.deepEqual(announced.at(-1)?.reasons, ["page.published", "page.footer"]);
      assert.deepEqual(announced.at(-1)?.pageIds, [page.id]);
      assert.deepEqual(announced.at(-1)?.pageGroupIds, [page.groupId]);
    });

    test("an edit of a published page purges the page, its translations and, in the footer, the edition's pages", async () => {
      const page = await manager.create(editor, "en", about());
      await manager.publish(editor, page.id);
      await manager.update(editor, page.id, about({ title: "About Tribune", slug: "about-us" }));
      const change = announced.at(-1);
      assert.ok(change);
      assert.deepEqual(change.reasons, ["page.updated", "page.footer"]);
      const keys = keysForChange(change, {
        articles: [],
        timeZoneOf: () => "UTC",
        now: new Date().toISOString(),
      });
      assert.ok(keys.includes(pageKey(page.id)));
      assert.ok(keys.includes(pageGroupKey(page.groupId)));
      assert.ok(keys.includes(footerKey("en")));
      assert.ok(!keys.includes(footerKey("pt")), "another edition's footer does not list it");
    });

    test("an edit outside the footer leaves the edition's other pages cached", async () => {
      const page = await manager.create(editor, "en", about({ inFooter: false }));
      await manager.publish(editor, page.id);
      await manager.update(
        editor,
        page.id,
        about({ inFooter: false, title: "Who we are", slug: "who-we-are" }),
      );
      assert.deepEqual(announced.at(-1)?.reasons, ["page.renamed"]);
    });

    test("a translation joins the original's group, prefilled, as a draft in its edition", async () => {
      const page = await manager.create(editor, "en", about());
      const translation = await manager.startTranslation(editor, page.id, "pt");
      assert.equal(translation.groupId, page.groupId);
      assert.equal(translation.edition, "pt");
      assert.equal(translation.slug, "about-us");
      assert.equal(translation.status, "draft");
      assert.deepEqual(translation.body, page.body);
      const group = await pages.translations(page.groupId);
      assert.deepEqual(group.map((p) => p.edition).sort(), ["en", "pt"]);
      await assert.rejects(manager.startTranslation(editor, page.id, "pt"), ConflictError);
      await assert.rejects(manager.startTranslation(editor, page.id, "xx"), ValidationError);
    });

    test("refuses the site's reserved first segments, numbers and non-ASCII slugs, and stores nothing", async () => {
      for (const slug of [
        "search",
        "tag",
        "author",
        "feed",
        "sitemap",
        "rss",
        "atom",
        "comments",
        "2026",
        "Über",
        "a--b",
      ]) {
        await assert.rejects(manager.create(editor, "en", about({ slug })), (error: unknown) => {
          assert.ok(error instanceof ValidationError, `${slug}: ${String(error)}`);
          assert.equal(error.details.field, "slug");
          return true;
        });
      }
      assert.deepEqual(await pages.list(null), []);
    });

    test("refuses a slug another page of the edition has, and lets another edition use it", async () => {
      await manager.create(editor, "en", about());
      await assert.rejects(manager.create(editor, "en", about()), SlugTakenError);
      assert.equal((await manager.create(editor, "pt", about())).slug, "about-us");
    });

    test("refuses a body that is not a body document and a footer position out of range", async () => {
      const broken = { type: "doc", content: [{ type: "script" }] } as unknown as PageFields["body"];
      await assert.rejects(manager.create(editor, "en", about({ body: broken })), ValidationError);
      await assert.rejects(manager.create(editor, "en", about({ footerPosition: -1 })), ValidationError);
      await assert.rejects(manager.create(editor, "en", about({ title: "  " })), ValidationError);
    });

    test("contributors may not touch pages; translators draft in their editions but may not publish", async () => {
      const contributor: Actor = { ...(await createTestUser(db, "contributor")), editions: [] };
      const translator: Actor = { ...(await createTestUser(db, "translator")), editions: ["pt"] };
      await assert.rejects(manager.create(contributor, "en", about()), ForbiddenError);
      const page = await manager.create(editor, "en", about());
      await assert.rejects(manager.startTranslation(translator, page.id, "es"), ForbiddenError);
      const translation = await manager.startTranslation(translator, page.id, "pt");
      await manager.update(translator, translation.id, about({ title: "Quem somos" }));
      await assert.rejects(manager.publish(translator, translation.id), ForbiddenError);
      await manager.publish(editor, translation.id);
      await assert.rejects(
        manager.update(translator, translation.id, about({ title: "Sobre" })),
        ForbiddenError,
      );
    });

    test("deleting the last page of a group removes the group; every write is audited", async () => {
      const page = await manager.create(editor, "en", about());
      await manager.publish(editor, page.id);
      await manager.remove(editor, page.id);
      await assert.rejects(pages.get(page.id), NotFoundError);
      assert.equal(await db.selectFrom("pageGroups").select("id").executeTakeFirst(), undefined);
      assert.deepEqual(announced.at(-1)?.reasons, ["page.unpublished", "page.footer"]);
      const actions = (await db.selectFrom("auditLog").select("action").execute()).map((row) => row.action);
      assert.deepEqual(actions.filter((a) => a.startsWith("page.")).sort(), [
        "page.create",
        "page.delete",
        "page.publish",
      ]);
    });

    test("the footer directory follows announced footer changes, in the editors' order", async () => {
      const footer = await FooterPages.start(db, events);
      try {
        const second = await manager.create(editor, "en", about({ title: "Privacy", footerPosition: 2 }));
        const first = await manager.create(editor, "en", about());
        await manager.publish(editor, second.id);
        await manager.publish(editor, first.id);
        assert.deepEqual(
          footer.pagesFor("en").map((page) => page.title),
          ["About us", "Privacy"],
        );
        await manager.unpublish(editor, second.id);
        assert.deepEqual(
          footer.pagesFor("en").map((page) => page.slug),
          ["about-us"],
        );
        assert.deepEqual(footer.pagesFor("pt"), []);
      } finally {
        footer.close();
      }
    });
  });
}
