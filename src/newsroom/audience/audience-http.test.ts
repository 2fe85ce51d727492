import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { addComment, addViews, storyInTwoEditions } from "../../audience/reports/audience-test-support.ts";

/**
 * "Now" for these tests: 01:30 UTC is still the evening before on the pt edition's clock (UTC-3),
 * while the en edition (London, UTC+0 in December) is already on the 7th.
 */
const NOW = new Date("2025-12-07T01:30:00Z");

for (const database of testDatabases()) {
  describe(`the audience page, on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;
    let story: { storyId: number; articles: Record<string, number> };
    let otherEn: number;

    before(async () => {
      demo = await startDemoApp(database, {}, { clock: () => NOW });
      users = await signInEveryRole(demo.app, demo.database.db);
      story = await storyInTwoEditions(demo.database.db, "en", "pt");
      const other = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", "en")
        .where("storyId", "!=", story.storyId)
        .orderBy("id")
        .executeTakeFirstOrThrow();
      otherEn = other.id;
    });
    after(() => demo?.close());

    const page = async (query = "") => {
      const response = await users.editor.get(`/newsroom/audience${query}`);
      assert.equal(response.statusCode, 200, response.body.slice(0, 500));
      return parsePage(response.body);
    };
    /** A chart's table: each row's label and its numbers by series (null for a dash: no such day). */
    const table = (document: Document, chart: string) =>
      Object.fromEntries(
        [...document.querySelectorAll(`#${chart} tbody tr`)].map((row) => [
          row.querySelector("th")?.textContent?.trim() ?? "",
          Object.fromEntries(
            [...row.querySelectorAll("td")].map((cell) => [
              cell.getAttribute("data-series") ?? "",
              cell.textContent?.trim() === "—" ? null : Number((cell.textContent ?? "").replace(/\D/g, "")),
            ]),
          ),
        ]),
      );

    test("with nothing counted, the page says so and how views are counted", async () => {
      const document = await page();
      assert.equal(document.querySelector("[data-empty] h2")?.textContent, "No views counted yet");
      assert.match(document.querySelector("[data-empty] p")?.textContent ?? "", /beacon/);
      assert.equal(document.querySelector("#views-chart"), null);
      // Comments are still charted: they do not wait for the beacon.
      assert.ok(document.querySelector("#comments-chart svg[role=img]"));
    });

    test("only editors and admins see it; the navigation and the dashboard link to it", async () => {
      for (const role of ["contributor", "translator"] as const) {
        assert.equal((await users[role].get("/newsroom/audience")).statusCode, 403, role);
        const home = parsePage((await users[role].get("/newsroom")).body);
        assert.equal(home.querySelector('a[href="/newsroom/audience"]'), null, role);
      }
      for (const role of ["editor", "admin"] as const) {
        assert.equal((await users[role].get("/newsroom/audience")).statusCode, 200, role);
        const home = parsePage((await users[role].get("/newsroom")).body);
        assert.ok(home.querySelector('.nr-nav a[href="/newsroom/audience"]'), role);
        assert.ok(home.querySelector('main a[href="/newsroom/audience"]'), role);
      }
    });

    test("a period or an edition it does not know is refused with 400", async () => {
      for (const query of ["?period=1y", "?period=", "?edition=xx", "?period=7d&extra=1"]) {
        const response = await users.editor.get(`/newsroom/audience${query}`);
        assert.equal(response.statusCode, query === "?period=" ? 200 : 400, query);
      }
    });

    test("views are grouped into each edition's own days, referrers and comments counted", async () => {
      const db = demo.database.db;
      const { en, pt } = story.articles as { en: number; pt: number };
      await addViews(db, [
        // en (London): the 7th, the 6th, and a day of the 30-day period only.
        { articleId: en, hour: "2025-12-07T01:00:00Z", views: 5, referrerKind: "search" },
        { articleId: en, hour: "2025-12-06T12:00:00Z", views: 7, referrerKind: "direct" },
        { articleId: en, hour: "2025-11-20T10:00:00Z", views: 100, referrerKind: "newsletter" },
        // pt (UTC-3): 01:00 UTC on the 7th is 22:00 on the 6th; 02:00 UTC on the 6th is 23:00 on
        // the 5th, and 03:00 UTC is midnight, the 6th.
        { articleId: pt, hour: "2025-12-07T01:00:00Z", views: 3, referrerKind: "social" },
        { articleId: pt, hour: "2025-12-06T02:00:00Z", views: 4, referrerKind: "direct" },
        { articleId: pt, hour: "2025-12-06T03:00:00Z", views: 6, referrerKind: "direct" },
        // After "now": not counted in any period.
        { articleId: pt, hour: "2025-12-07T02:00:00Z", views: 1000, referrerKind: "direct" },
        { articleId: otherEn, hour: "2025-12-06T20:00:00Z", views: 2, referrerKind: "internal" },
        { articleId: otherEn, hour: "2025-12-06T21:00:00Z", views: 1, referrerKind: "elsewhere.example" },
      ]);
      await addComment(db, { articleId: pt, createdAt: "2025-12-07T00:59:59.000Z" });
      await addComment(db, { articleId: pt, createdAt: "2025-12-06T03:00:00.000Z" });
      await addComment(db, { articleId: pt, createdAt: "2025-12-06T02:30:00.000Z", status: "pending" });
      await addComment(db, { articleId: pt, createdAt: "2025-12-06T05:00:00.000Z", status: "spam" });
      await addComment(db, { articleId: en, createdAt: "2025-12-07T00:10:00.000Z" });

      const week = await page("?period=7d");
      assert.equal(week.querySelector("[data-empty]"), null);
      assert.equal(week.querySelector("[data-total-views]")?.getAttribute("data-total-views"), "28");
      const views = table(week, "views-chart");
      // pt is still on the 6th: the 7th is not one of its days (a dash), while es (UTC+1) is on it.
      assert.deepEqual(views["2025-12-07"], { en: 5, pt: null, es: 0, total: 5 });
      assert.deepEqual(views["2025-12-06"], { en: 10, pt: 9, es: 0, total: 19 });
      assert.deepEqual(views["2025-12-05"], { en: 0, pt: 4, es: 0, total: 4 });
      // en's week starts on the 1st, pt's (still on the 6th) on 30 November: both days are shown.
      assert.deepEqual(views["2025-11-30"], { en: null, pt: 0, es: null, total: 0 });
      assert.deepEqual(Object.keys(views)[0], "2025-11-30");
      assert.equal(Object.keys(views).length, 8);

      const stories = table(week, "stories-chart");
      const titles = Object.keys(stories);
      assert.equal(titles.length, 2);
      assert.deepEqual(stories[titles[0] ?? ""], { en: 12, pt: 13, es: 0, total: 25 });
      assert.deepEqual(stories[titles[1] ?? ""], { en: 3, pt: 0, es: 0, total: 3 });
      const firstLink = week.querySelector("#stories-chart tbody tr th a")?.getAttribute("href");
      assert.equal(firstLink, `/newsroom/articles/${Math.min(en, pt)}/edit`);

      const referrers = table(week, "referrers-chart");
      assert.deepEqual(
        Object.fromEntries(Object.entries(referrers).map(([label, row]) => [label, row.Views])),
        {
          "Search engines": 5,
          "Social networks": 3,
          "Direct (no referrer)": 17,
          "This site's own pages": 2,
          Newsletters: 0,
          "Other sites": 1,
        },
      );

      const comments = table(week, "comments-chart");
      assert.deepEqual(comments["2025-12-07"], { en: 1, pt: null, es: 0, total: 1 });
      assert.deepEqual(comments["2025-12-06"], { en: 0, pt: 2, es: 0, total: 2 });
      assert.deepEqual(comments["2025-12-05"], { en: 0, pt: 1, es: 0, total: 1 });
    });

    test("one edition, by day and by hour on its own clock, and the 30-day period", async () => {
      const { en, pt } = story.articles as { en: number; pt: number };
      const ptWeek = await page("?period=7d&edition=pt");
      const days = table(ptWeek, "views-chart");
      assert.deepEqual(Object.keys(days), [
        "2025-11-30",
        "2025-12-01",
        "2025-12-02",
        "2025-12-03",
        "2025-12-04",
        "2025-12-05",
        "2025-12-06",
      ]);
      assert.deepEqual(days["2025-12-06"], { pt: 9 });
      assert.deepEqual(days["2025-12-05"], { pt: 4 });
      // Ranked by the pt edition's views, linked to the pt article, with every edition's reach.
      assert.equal(
        ptWeek.querySelector("#stories-chart tbody tr th a")?.getAttribute("href"),
        `/newsroom/articles/${pt}/edit`,
      );
      assert.equal(ptWeek.querySelectorAll("#stories-chart tbody tr").length, 1);

      const ptDay = table(await page("?period=24h&edition=pt"), "views-chart");
      assert.equal(Object.keys(ptDay).length, 24);
      assert.deepEqual(ptDay["2025-12-06 22:00"], { pt: 3 });
      assert.deepEqual(ptDay["2025-12-05 23:00"], { pt: 4 });
      assert.deepEqual(ptDay["2025-12-06 00:00"], { pt: 6 });

      const month = await page("?period=30d&edition=en");
      assert.equal(month.querySelector("[data-total-views]")?.getAttribute("data-total-views"), "115");
      assert.deepEqual(table(month, "views-chart")["2025-11-20"], { en: 100 });
      assert.equal(
        month.querySelector("#stories-chart tbody tr th a")?.getAttribute("href"),
        `/newsroom/articles/${en}/edit`,
      );
    });

    test("the page runs as many queries with more stories counted (no query per story)", async () => {
      const queries = async () => {
        const before = demo.database.queriesRun?.() ?? 0;
        await page("?period=7d");
        return (demo.database.queriesRun?.() ?? 0) - before;
      };
      const first = await queries();
      const more = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .orderBy("id")
        .limit(8)
        .execute();
      await addViews(
        demo.database.db,
        more.map((article) => ({
          articleId: article.id,
          hour: "2025-12-06T15:00:00Z",
          views: 1,
          referrerKind: "other",
        })),
      );
      assert.equal(await queries(), first);
    });
  });
}
