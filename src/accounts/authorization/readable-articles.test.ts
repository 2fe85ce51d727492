import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import type { Db } from "../../db/database.ts";
import { loadArticleForPolicy } from "../../newsroom/workflow/article-access.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { type Actor, can } from "./policy.ts";
import { readableArticles } from "./readable-articles.ts";

const HOUR = 3_600_000;

for (const database of testDatabases()) {
  describe(`who reads which article, on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    const actors: Record<string, Actor> = {};
    const ids: Record<string, number> = {};
    // Set once everything is written: what was published is then in the past, the embargo ahead.
    let now = "";
    let later = "";

    before(async () => {
      handle = await database.open();
      db = handle.db;
      for (const [name, role, editions] of [
        ["ana", "contributor", []],
        ["bo", "contributor", []],
        ["tina", "translator", ["pt"]],
        ["esteban", "translator", ["es"]],
        ["ed", "editor", []],
        ["ada", "admin", []],
      ] as const) {
        const user = await createTestUser(db, role, { editions: [...editions] });
        actors[name] = { id: user.id, role, editions };
      }
      // A translator assigned to nothing yet (an admin's slip): reads what readers read, no more.
      actors.nobody = { id: 999_999, role: "translator", editions: [] };

      const articles = new ArticleService(db);
      const stories = new StoryService(db);
      const write = async (
        name: string,
        storyId: number,
        edition: string,
        owner: string | null,
        status: "draft" | "review" | "published" | "scheduled" | "unpublished" = "draft",
      ) => {
        const article = await articles.createArticle({
          storyId,
          edition,
          title: `${name} ${Math.random().toString(36).slice(2, 8)}`,
          body: bodyFromParagraphs(["Text."]),
          savedByUserId: owner === null ? null : (actors[owner]?.id ?? null),
        });
        ids[name] = article.id;
        if (status === "review")
          await db.updateTable("articles").set({ status }).where("id", "=", article.id).execute();
        if (status === "published") await articles.publishArticle(article.id);
        if (status === "scheduled")
          await articles.publishArticle(article.id, { at: new Date(Date.now() + HOUR) });
        if (status === "unpublished") {
          await articles.publishArticle(article.id);
          await articles.unpublishArticle(article.id);
        }
      };
      const story = async (originalEdition: string) => (await stories.createStory({ originalEdition })).id;

      const one = await story("en");
      await write("ana's draft", one, "en", "ana");
      await write("its pt translation", one, "pt", "tina");
      const two = await story("en");
      await write("bo's published original", two, "en", "bo", "published");
      await write("its es translation, embargoed", two, "es", "esteban", "scheduled");
      await write("its pt translation, unpublished", two, "pt", "tina", "unpublished");
      const three = await story("en");
      await write("bo's story in review", three, "en", "bo", "review");
      await write("its es draft", three, "es", "ed");
      const four = await story("pt");
      await write("a pt original by bo", four, "pt", "bo");
      const five = await story("en");
      await write("a seeded draft", five, "en", null);
      await write("bo's embargoed original", await story("en"), "en", "bo", "scheduled");
      now = new Date().toISOString();
      later = new Date(Date.now() + 2 * HOUR).toISOString();
    });
    after(() => handle.close());

    const bySql = async (actor: Actor, at: string) => {
      const rows = await db.selectFrom("articles").select("id").where(readableArticles(actor, at)).execute();
      return new Set(rows.map((row) => row.id));
    };
    const byPolicy = async (actor: Actor, at: string) => {
      const readable = new Set<number>();
      for (const id of Object.values(ids)) {
        if (can(actor, "article.read", (await loadArticleForPolicy(db, id, at)).target)) readable.add(id);
      }
      return readable;
    };
    const names = (readable: Set<number>) =>
      Object.entries(ids)
        .filter(([, id]) => readable.has(id))
        .map(([name]) => name)
        .sort();

    test("a contributor reads their own work, whatever its state, and what readers see", async () => {
      assert.deepEqual(names(await byPolicy(actors.ana as Actor, now)), [
        "ana's draft",
        "bo's published original",
      ]);
      assert.deepEqual(names(await byPolicy(actors.bo as Actor, now)), [
        "a pt original by bo",
        "bo's embargoed original",
        "bo's published original",
        "bo's story in review",
      ]);
    });

    test("a translator reads their editions' work, the originals it translates, and what readers see", async () => {
      assert.deepEqual(names(await byPolicy(actors.tina as Actor, now)), [
        "a pt original by bo",
        "ana's draft",
        "bo's published original",
        "its pt translation",
        "its pt translation, unpublished",
      ]);
      assert.deepEqual(names(await byPolicy(actors.esteban as Actor, now)), [
        "bo's published original",
        "bo's story in review",
        "its es draft",
        "its es translation, embargoed",
      ]);
      assert.deepEqual(names(await byPolicy(actors.nobody as Actor, now)), ["bo's published original"]);
    });

    test("editors and admins read everything", async () => {
      for (const name of ["ed", "ada"]) {
        assert.equal((await byPolicy(actors[name] as Actor, now)).size, Object.keys(ids).length);
      }
    });

    test("an embargoed article becomes readable to all when its time comes", async () => {
      const readable = names(await byPolicy(actors.ana as Actor, later));
      assert.ok(readable.includes("bo's embargoed original"), readable.join(", "));
      assert.ok(readable.includes("its es translation, embargoed"), readable.join(", "));
    });

    test("the lists' SQL condition agrees with the policy, for every role, now and later", async () => {
      for (const [name, actor] of Object.entries(actors)) {
        for (const at of [now, later]) {
          const fromSql = names(await bySql(actor, at));
          assert.deepEqual(fromSql, names(await byPolicy(actor, at)), `${name} at ${at}`);
        }
      }
    });
  });
}
