import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";

const EMPTY_EDITION = { displayName: "", timeZone: "", featuredRegions: "" };

for (const database of testDatabases()) {
  describe(`the settings page on ${database.name}`, () => {
    let demo: DemoApp;
    let admin: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database, { SITE_NAME: "Env Tribune" });
      admin = await signInAs(demo.app, demo.database.db, "admin");
    });
    after(() => demo.close());

    const firstPictureId = async () =>
      (await demo.database.db.selectFrom("media").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const front = async (edition: string) => parsePage((await demo.app.inject(`/${edition}/`)).body);

    test("only admins see the page and its menu item; others get 403", async () => {
      const page = parsePage((await admin.get("/newsroom/settings")).body);
      assert.equal(
        page.querySelector('nav a[href="/newsroom/settings"]')?.getAttribute("aria-current"),
        "page",
      );
      assert.deepEqual(
        [...page.querySelectorAll("main h2")].map((h) => h.textContent),
        ["General", "EN edition", "PT edition", "ES edition"],
      );
      assert.equal(
        page.querySelector('#edition-pt a[href^="/newsroom/comments/pt"]')?.textContent,
        "the PT edition's comment policy",
      );
      const editor = await signInAs(demo.app, demo.database.db, "editor");
      const refused = await editor.get("/newsroom/settings");
      assert.equal(refused.statusCode, 403);
      assert.equal(parsePage(refused.body).querySelector('nav a[href="/newsroom/settings"]'), null);
      assert.equal(
        (await editor.post("/newsroom/settings/site", { siteName: "Mine", logo: "" })).statusCode,
        403,
      );
      assert.equal((await front("en")).querySelector(".brand")?.textContent, "Env Tribune");
    });

    test("a new name and logo show on the reader pages, feeds and newsroom at once, and are audited", async () => {
      const logo = await firstPictureId();
      const saved = await admin.post("/newsroom/settings/site", {
        siteName: "The Daily Tribune",
        logo: String(logo),
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, "/newsroom/settings?done=site#general");
      const page = await front("en");
      assert.match(page.querySelector("title")?.textContent ?? "", /The Daily Tribune/);
      const image = page.querySelector("header .brand img.brand-logo");
      assert.equal(image?.getAttribute("alt"), "The Daily Tribune");
      assert.match(image?.getAttribute("srcset") ?? "", /\/media\/.+ 480w/);
      assert.equal(page.querySelector("footer a")?.textContent, "The Daily Tribune");
      const feed = (await demo.app.inject("/en/feed.xml")).body;
      assert.match(feed, /<title>[^<]*The Daily Tribune<\/title>/);
      const settings = parsePage((await admin.get("/newsroom/settings?done=site")).body);
      assert.equal(settings.querySelector(".nr-brand")?.textContent, "The Daily Tribune Newsroom");
      assert.equal(
        settings.querySelector('[role="status"]')?.textContent,
        "The general settings have been saved.",
      );
      assert.equal(
        settings.querySelector(`input[name="logo"][value="${logo}"]`)?.hasAttribute("checked"),
        true,
      );
      const entry = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId", "details"])
        .where("action", "=", "settings.site")
        .executeTakeFirstOrThrow();
      assert.equal(entry.actorUserId, admin.user.id);
      assert.deepEqual(JSON.parse(entry.details).after, { siteName: "The Daily Tribune", logoMediaId: logo });
      // Emptied, the name is the environment's again; no logo, the name is the header's text.
      await admin.post("/newsroom/settings/site", { siteName: "", logo: "" });
      assert.equal((await front("en")).querySelector(".brand")?.textContent, "Env Tribune");
    });

    test("an edition's display name, time zone and featured regions apply to that edition only", async () => {
      const saved = await admin.post("/newsroom/settings/editions/pt", {
        displayName: "Tribuna",
        timeZone: "Europe/Lisbon",
        featuredRegions: "middle-east",
      });
      assert.equal(saved.statusCode, 303);
      assert.equal((await front("pt")).querySelector(".brand")?.textContent, "Tribuna");
      assert.equal((await front("en")).querySelector(".brand")?.textContent, "Env Tribune");
      const pt = demo.config.editions.find((e) => e.code === "pt");
      assert.equal(pt?.timeZone, "Europe/Lisbon");
      assert.deepEqual(pt?.featuredRegions, ["middle-east"]);
      const blocks = [...(await front("pt")).querySelectorAll("main h2.block-heading")].map(
        (h) => h.textContent,
      );
      assert.ok(!blocks.some((name) => /Ásia|Americas|Américas/i.test(name ?? "")), blocks.join(", "));
      const form = parsePage((await admin.get("/newsroom/settings")).body);
      assert.equal(
        form.querySelector("#edition-pt input[name=timeZone]")?.getAttribute("value"),
        "Europe/Lisbon",
      );
      assert.ok(form.querySelector('datalist#time-zones option[value="Europe/Lisbon"]'));
      await admin.post("/newsroom/settings/editions/pt", EMPTY_EDITION);
      assert.equal(pt?.timeZone, "America/Sao_Paulo");
    });

    test("a bad value answers 400 naming the field, keeps what was typed and stores nothing", async () => {
      const cases: [Record<string, string>, RegExp][] = [
        [
          { ...EMPTY_EDITION, displayName: "Tribuna", timeZone: "Mars/Olympus" },
          /timeZone: "Mars\/Olympus" is not an IANA time zone/,
        ],
        [
          { ...EMPTY_EDITION, featuredRegions: "middle-east, news" },
          /featuredRegions: "news" is not a region tag/,
        ],
      ];
      for (const [fields, message] of cases) {
        const response = await admin.post("/newsroom/settings/editions/pt", fields);
        assert.equal(response.statusCode, 400);
        const page = parsePage(response.body);
        assert.match(page.querySelector("#edition-pt [role=alert]")?.textContent ?? "", message);
        for (const [name, value] of Object.entries(fields)) {
          assert.equal(page.querySelector(`#edition-pt input[name=${name}]`)?.getAttribute("value"), value);
        }
        assert.equal(page.querySelector("#general [role=alert]"), null, "only the form sent says so");
      }
      const general = await admin.post("/newsroom/settings/site", { siteName: "Renamed", logo: "99999" });
      assert.equal(general.statusCode, 400);
      const page = parsePage(general.body);
      assert.match(page.querySelector("#general [role=alert]")?.textContent ?? "", /^logo: /);
      assert.equal(page.querySelector("#general input[name=siteName]")?.getAttribute("value"), "Renamed");
      assert.equal(demo.config.editions.find((e) => e.code === "pt")?.timeZone, "America/Sao_Paulo");
      assert.equal((await front("pt")).querySelector(".brand")?.textContent, "Env Tribune");
      assert.equal(
        (await demo.database.db.selectFrom("editionSettings").selectAll().execute())[0]?.displayName ?? null,
        null,
      );
    });

    test("a form without the CSRF token is refused", async () => {
      const response = await admin.post("/newsroom/settings/site", {
        _csrf: "",
        siteName: "Forged",
        logo: "",
      });
      assert.equal(response.statusCode, 403);
      assert.equal((await front("en")).querySelector(".brand")?.textContent, "Env Tribune");
    });
  });
}
