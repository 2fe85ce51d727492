import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { cacheKeyOf } from "../../cache/cached-response.ts";
import { addWireStories, frontArticleTitles } from "./front-page-test-support.ts";

const articleTitles = (html: string) => frontArticleTitles(parsePage(html));
const leadTitle = (html: string) => parsePage(html).querySelector(".lead h2 a")?.textContent ?? null;

for (const database of testDatabases()) {
  describe(`the front page desk over HTTP on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "64" });
      await addWireStories(demo.database.db, "en", 20);
      await addWireStories(demo.database.db, "pt", 5);
      users = await signInEveryRole(demo.app, demo.database.db);
    });
    after(() => demo.close());

    const storyIdOf = async (edition: string, title: string) =>
      (
        await demo.database.db
          .selectFrom("articles")
          .select("storyId")
          .where("edition", "=", edition)
          .where("title", "=", title)
          .executeTakeFirstOrThrow()
      ).storyId;
    const pins = (edition: string) =>
      demo.database.db
        .selectFrom("frontPageSlots")
        .select(["position", "storyId", "pinnedUntil"])
        .where("edition", "=", edition)
        .orderBy("position")
        .execute();

    test("editors and admins find the desk in the navigation; contributors and translators may not use it", async () => {
      for (const role of ["editor", "admin"] as const) {
        const start = await users[role].get("/newsroom/front-page");
        assert.equal(start.statusCode, 303);
        assert.equal(start.headers.location, "/newsroom/front-page/en");
        const page = await users[role].get("/newsroom/front-page/en");
        assert.equal(page.statusCode, 200);
        const document = parsePage(page.body);
        assert.equal(document.querySelector('.nr-nav a[aria-current="page"]')?.textContent, "Front page");
        assert.ok(document.querySelectorAll("form[action='/newsroom/front-page/en/pin']").length > 10);
      }
      for (const role of ["contributor", "translator"] as const) {
        const nav = parsePage((await users[role].get("/newsroom")).body);
        assert.equal(nav.querySelector('.nr-nav a[href="/newsroom/front-page"]'), null);
        assert.equal((await users[role].get("/newsroom/front-page/en")).statusCode, 403);
        const storyId = await storyIdOf("en", articleTitles((await demo.app.inject("/en/")).body)[2] ?? "");
        const post = await users[role].post("/newsroom/front-page/en/pin", {
          storyId: String(storyId),
          position: "1",
        });
        assert.equal(post.statusCode, 403);
      }
      assert.deepEqual(await pins("en"), []);
    });

    test("making another story the lead changes the cached reader front page at once, with no story twice", async () => {
      const before = (await demo.app.inject("/en/")).body;
      assert.ok(
        demo.app.pageCache?.peek(cacheKeyOf("localhost:80", "/en/")),
        "readers are served a cached page",
      );
      const titles = articleTitles(before);
      const chosen = titles[4] ?? "";
      assert.notEqual(leadTitle(before), chosen);
      const editor = users.editor;
      await editor.get("/newsroom/front-page/en");
      const post = await editor.post("/newsroom/front-page/en/pin", {
        storyId: String(await storyIdOf("en", chosen)),
        position: "1",
        until: "",
      });
      assert.equal(post.statusCode, 303);
      assert.equal(post.headers.location, "/newsroom/front-page/en?done=pin");
      const after = (await demo.app.inject("/en/")).body;
      assert.equal(leadTitle(after), chosen);
      const shown = articleTitles(after);
      assert.equal(new Set(shown).size, shown.length, `no story twice: ${shown.join(" | ")}`);
      const desk = parsePage((await editor.get(String(post.headers.location))).body);
      assert.match(desk.querySelector(".notice")?.textContent ?? "", /Pinned/);
      assert.match(desk.querySelector(".front-pins")?.textContent ?? "", /Lead:.*until unpinned/);
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "details"])
        .where("actorUserId", "=", editor.user.id)
        .where("action", "=", "frontPage.pin")
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(audit.details).edition, "en");
    });

    test("a pin's end is read in the edition's time zone", async () => {
      const storyId = await storyIdOf("pt", articleTitles((await demo.app.inject("/pt/")).body)[1] ?? "");
      const post = await users.editor.post("/newsroom/front-page/pt/pin", {
        storyId: String(storyId),
        position: "2",
        until: "2030-01-15T12:00",
      });
      assert.equal(post.statusCode, 303);
      // São Paulo is three hours behind UTC.
      assert.deepEqual(await pins("pt"), [{ position: 2, storyId, pinnedUntil: "2030-01-15T15:00:00.000Z" }]);
      const desk = (await users.editor.get("/newsroom/front-page/pt")).body;
      assert.match(desk, /until 2030-01-15 12:00 \(America\/Sao_Paulo\)/);
      const unpin = await users.editor.post("/newsroom/front-page/pt/unpin", { storyId: String(storyId) });
      assert.equal(unpin.statusCode, 303);
      assert.deepEqual(await pins("pt"), []);
    });

    test("bad input gets a 4xx that says what to fix and stores nothing", async () => {
      const editor = users.editor;
      const stored = await pins("en");
      const storyId = String(
        await storyIdOf("en", articleTitles((await demo.app.inject("/en/")).body)[3] ?? ""),
      );
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ storyId, position: "9" }, 400, /position: must be a whole number from 1/],
        [{ storyId, position: "lead" }, 400, /position/],
        [{ storyId: "abc", position: "1" }, 400, /storyId: choose a story/],
        [{ storyId: "999999", position: "1" }, 400, /only published stories can be pinned/],
        [{ storyId, position: "2", until: "tomorrow" }, 400, /until: .*not a date and time/],
        [{ storyId, position: "2", until: "2001-01-01T00:00" }, 400, /until: must be later than now/],
        [{ storyId, position: "1", _csrf: "forged" }, 403, /./],
      ];
      for (const [fields, status, message] of cases) {
        const response = await editor.post("/newsroom/front-page/en/pin", fields);
        assert.equal(response.statusCode, status, JSON.stringify(fields));
        assert.match(response.body, message);
      }
      const unknownEdition = await editor.post("/newsroom/front-page/xx/pin", { storyId, position: "1" });
      assert.equal(unknownEdition.statusCode, 404);
      const blocks = await editor.post("/newsroom/front-page/en/blocks", { tagId: "1", move: "sideways" });
      assert.equal(blocks.statusCode, 400);
      assert.deepEqual(await pins("en"), stored);
    });

    test("a title search offers published stories of the edition to pin", async () => {
      const desk = parsePage((await users.editor.get("/newsroom/front-page/en?q=Sadr")).body);
      const found = [...desk.querySelectorAll("#find-heading ~ .front-stories .front-story")];
      assert.equal(found.length, 1);
      assert.match(found[0]?.textContent ?? "", /Sadr/);
      assert.ok(found[0]?.querySelector("form[action='/newsroom/front-page/en/pin'] button"));
    });

    test("Up and Down reorder the blocks of the reader front page", async () => {
      const desk = parsePage((await users.editor.get("/newsroom/front-page/en")).body);
      const names = [...desk.querySelectorAll(".front-blocks li > span:first-child")].map(
        (s) => s.textContent,
      );
      assert.ok(names.length >= 2, `blocks: ${names.join(", ")}`);
      const second = desk.querySelectorAll(".front-blocks li")[1];
      const tagId = second?.querySelector("input[name=tagId]")?.getAttribute("value") ?? "";
      const moved = await users.editor.post("/newsroom/front-page/en/blocks", { tagId, move: "up" });
      assert.equal(moved.statusCode, 303);
      const after = parsePage((await users.editor.get("/newsroom/front-page/en")).body);
      const reordered = [...after.querySelectorAll(".front-blocks li > span:first-child")].map(
        (s) => s.textContent,
      );
      assert.deepEqual(reordered, [names[1], names[0], ...names.slice(2)]);
    });
  });
}
