import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import type { Db } from "../db/database.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { TagManager } from "../tags/tag-manager.ts";
import { TagService } from "../tags/tag-service.ts";
import { PromotionManager } from "./promotion-manager.ts";
import type { PromotionFields } from "./promotion-values.ts";

const NOW = "2026-03-10T12:00:00.000Z";

const fields = (changes: Partial<PromotionFields> = {}): PromotionFields => ({
  placement: "after-article",
  headline: "Writing Palestine",
  cta: "Buy the book",
  href: "https://shop.example.org/book",
  editions: ["en"],
  ...changes,
});

for (const database of testDatabases()) {
  describe(`the promotions manager on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let promotions: PromotionManager;
    let editor: Actor;
    let announced: ContentChange[];

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      const events = new ContentEvents();
      announced = [];
      events.subscribe((change) => {
        announced.push(change);
      });
      promotions = new PromotionManager(db, events, "en");
      editor = { ...(await createTestUser(db, "editor")), editions: [] };
    });
    afterEach(() => handle.close());

    const audited = async () =>
      (
        await db
          .selectFrom("auditLog")
          .select(["action", "subjectId", "actorUserId"])
          .where("subjectType", "=", "promotion")
          .orderBy("id")
          .execute()
      ).map((row) => `${row.action} ${row.subjectId} by ${row.actorUserId}`);

    test("creates promotions with keys of their own, and lists them running, scheduled, then ended", async () => {
      const ended = await promotions.create(editor, fields({ endsAt: "2026-03-01T00:00:00Z" }));
      const running = await promotions.create(editor, fields({ startsAt: "2026-03-01T00:00:00Z" }));
      const scheduled = await promotions.create(editor, fields({ startsAt: "2026-04-01T00:00:00Z" }));
      assert.deepEqual(
        [ended.key, running.key, scheduled.key],
        ["writing-palestine", "writing-palestine-2", "writing-palestine-3"],
      );
      const listed = await promotions.list(editor, NOW);
      assert.deepEqual(
        listed.map((promotion) => [promotion.id, promotion.status]),
        [
          [running.id, "running"],
          [scheduled.id, "scheduled"],
          [ended.id, "ended"],
        ],
      );
      assert.deepEqual(await audited(), [
        `promotion.create ${ended.id} by ${editor.id}`,
        `promotion.create ${running.id} by ${editor.id}`,
        `promotion.create ${scheduled.id} by ${editor.id}`,
      ]);
    });

    test("an update names the editions and tags of before and after; limiting it to tags drops only theirs next time", async () => {
      const tags = new TagService(db);
      const books = await tags.upsertTag({
        key: "books",
        kind: "topic",
        names: { en: "Books", pt: "Livros" },
      });
      const art = await tags.upsertTag({ key: "art", kind: "topic", names: { en: "Art" } });
      const promotion = await promotions.create(editor, fields());
      announced.length = 0;
      await promotions.update(editor, promotion.id, fields({ editions: ["pt"], tagIds: [books.id] }));
      await promotions.update(editor, promotion.id, fields({ editions: ["pt"], tagIds: [art.id] }));
      assert.deepEqual(
        announced.map((change) => [change.reasons, change.editions, change.tagIds]),
        [
          // Shown beside every English story before: all of them go.
          [["promotion.changed"], ["en", "pt"], []],
          [["promotion.changed"], ["pt"], [books.id, art.id].sort((a, b) => a - b)],
        ],
      );
      const stored = await promotions.get(editor, promotion.id, NOW);
      assert.deepEqual(stored.editions, ["pt"]);
      assert.deepEqual(stored.tags, [{ id: art.id, name: "Art" }]);
      assert.deepEqual(await audited(), [
        `promotion.create ${promotion.id} by ${editor.id}`,
        `promotion.edit ${promotion.id} by ${editor.id}`,
        `promotion.edit ${promotion.id} by ${editor.id}`,
      ]);
    });

    test("a refused update changes, announces and audits nothing", async () => {
      const promotion = await promotions.create(editor, fields());
      announced.length = 0;
      await assert.rejects(
        promotions.update(editor, promotion.id, fields({ headline: "", editions: ["pt"] })),
        ValidationError,
      );
      await assert.rejects(promotions.update(editor, 999_999, fields()), NotFoundError);
      assert.equal((await promotions.get(editor, promotion.id)).headline, "Writing Palestine");
      assert.deepEqual(announced, []);
      assert.equal((await audited()).length, 1);
    });

    test("deleting drops the pages that showed it, and is audited", async () => {
      const promotion = await promotions.create(editor, fields({ editions: ["en", "es"] }));
      announced.length = 0;
      await promotions.delete(editor, promotion.id);
      assert.deepEqual(
        announced.map((change) => [change.editions, change.tagIds]),
        [[["en", "es"], []]],
      );
      await assert.rejects(promotions.get(editor, promotion.id), NotFoundError);
      assert.deepEqual(await db.selectFrom("promotionEditions").selectAll().execute(), []);
      assert.equal((await audited()).at(-1), `promotion.delete ${promotion.id} by ${editor.id}`);
    });

    test("finds tags by name in any edition, whatever the case, and names one it does not know", async () => {
      const tags = new TagService(db);
      const books = await tags.upsertTag({
        key: "books",
        kind: "topic",
        names: { en: "Books", pt: "Livros" },
      });
      assert.deepEqual(await promotions.tagIdsByName(editor, [" books", "LIVROS", ""]), [books.id, books.id]);
      await assert.rejects(
        promotions.tagIdsByName(editor, ["Books", "Atlantis"]),
        /tags: no tag is called "Atlantis"/,
      );
      assert.deepEqual(await promotions.tagNames(editor), ["Books"]);
    });

    test("a promotion limited to a tag merged into another follows it, rather than showing everywhere", async () => {
      const tags = new TagService(db);
      const turkey = await tags.upsertTag({ key: "turkey", kind: "country", names: { en: "Turkey" } });
      const iraq = await tags.upsertTag({ key: "iraq", kind: "country", names: { en: "Iraq" } });
      const promotion = await promotions.create(editor, fields({ tagIds: [turkey.id] }));
      const both = await promotions.create(editor, fields({ tagIds: [turkey.id, iraq.id] }));
      await new TagManager(db).merge(editor, turkey.id, iraq.id);
      assert.deepEqual((await promotions.get(editor, promotion.id)).tags, [{ id: iraq.id, name: "Iraq" }]);
      assert.deepEqual((await promotions.get(editor, both.id)).tags, [{ id: iraq.id, name: "Iraq" }]);
    });

    test("contributors and translators may do none of it", async () => {
      const promotion = await promotions.create(editor, fields());
      for (const role of ["contributor", "translator"] as const) {
        const actor: Actor = {
          ...(await createTestUser(db, role)),
          editions: role === "translator" ? ["en"] : [],
        };
        await assert.rejects(promotions.list(actor), ForbiddenError);
        await assert.rejects(promotions.get(actor, promotion.id), ForbiddenError);
        await assert.rejects(promotions.create(actor, fields()), ForbiddenError);
        await assert.rejects(
          promotions.update(actor, promotion.id, fields({ headline: "Mine" })),
          ForbiddenError,
        );
        await assert.rejects(promotions.delete(actor, promotion.id), ForbiddenError);
      }
      assert.deepEqual(
        (await promotions.list(editor)).map((row) => row.headline),
        ["Writing Palestine"],
      );
    });
  });
}
