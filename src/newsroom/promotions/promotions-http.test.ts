import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { loadDemoFixture } from "../../seed/demo-seed.ts";
import { isoToZonedLocal } from "../../shared/time-zone.ts";

const fixture = loadDemoFixture();
const HOUR = 3_600_000;
/** The demo's default edition is English: the form's times are London's. */
const local = (offsetMs: number) =>
  isoToZonedLocal(new Date(Date.now() + offsetMs).toISOString(), "Europe/London");

/** A valid form: limited to Portuguese, from an hour ago to a day ahead. */
const bookForm = (changes: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  headline: "O livro do ano",
  text: "Dez anos de reportagem.",
  cta: "Compre já",
  href: "/pt/livro",
  mediaId: "",
  mediaQuery: "",
  placement: "after-article",
  editions: ["pt"],
  tags: "",
  startsAt: local(-HOUR),
  endsAt: local(24 * HOUR),
  weight: "5",
  ...changes,
});

for (const database of testDatabases()) {
  describe(`the promotions pages on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;

    before(async () => {
      // With the page cache on: what readers see after a change proves the change purged it.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "16" });
      editor = await signInAs(demo.app, demo.database.db, "editor");
    });
    after(() => demo.close());

    /** The lead story's article page in an edition, as readers get it (from the cache when warm). */
    const leadPage = async (edition: string) => {
      const front = parsePage((await demo.app.inject(`/${edition}/`)).body);
      const href = front.querySelector("main h2 a, main h3 a")?.getAttribute("href") ?? "";
      return parsePage((await demo.app.inject(href)).body);
    };
    const promotionShown = async (edition: string) =>
      (await leadPage(edition)).querySelector("aside.promotion .promotion-headline")?.textContent ?? null;
    const promotionId = async (headline: string) =>
      (
        await demo.database.db
          .selectFrom("promotions")
          .select("id")
          .where("headline", "=", headline)
          .executeTakeFirstOrThrow()
      ).id;
    const auditActions = async () =>
      (
        await demo.database.db
          .selectFrom("auditLog")
          .select("action")
          .where("subjectType", "=", "promotion")
          .orderBy("id")
          .execute()
      ).map((row) => row.action);

    test("lists the demo promotion as running in English; the navigation shows it to editors only", async () => {
      const response = await editor.get("/newsroom/promotions");
      assert.equal(response.statusCode, 200);
      const page = parsePage(response.body);
      const rows = [...page.querySelectorAll("tbody tr")].map((row) =>
        [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim()),
      );
      assert.deepEqual(
        rows.map((cells) => cells.slice(0, 4).concat(cells.slice(5))),
        [
          [
            fixture.promotion.headline,
            "Running",
            "en",
            "After the article",
            "All stories",
            "1",
            "0 impressions, 0 clicks (–)",
            "0 impressions, 0 clicks (–)",
          ],
        ],
      );
      assert.ok(page.querySelector('nav a[href="/newsroom/promotions"]'));
      assert.match(page.querySelector("thead")?.textContent ?? "", /Window \(Europe\/London\)/);
    });

    test("shows each promotion's impressions, clicks and click-through rate beside it", async () => {
      const id = await promotionId(fixture.promotion.headline);
      const page = await leadPage("en");
      const box = page.querySelector(`aside[data-promotion="${id}"]`);
      assert.ok(box, "the reader page marks the promotion it shows, for the beacon");
      const script = page.querySelector('script[src^="/assets/beacon."]');
      const article = script?.getAttribute("data-article");
      assert.equal(script?.getAttribute("data-edition"), "en");
      const reader = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0" };
      for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]) {
        const sent = await demo.app.inject({
          method: "POST",
          url: `/beacon?a=${article}&e=en&r=direct&p=${id}`,
          headers: { ...reader, "x-forwarded-for": address },
        });
        assert.equal(sent.statusCode, 204);
      }
      const click = await demo.app.inject({
        url: box.querySelector("a")?.getAttribute("href") ?? "",
        headers: reader,
      });
      assert.equal(click.headers.location, fixture.promotion.href);
      await demo.app.audience.counter.flush();
      const list = parsePage((await editor.get("/newsroom/promotions")).body);
      const cells = [...list.querySelectorAll("tbody tr td.numbers-cell")].map((cell) => cell.textContent);
      assert.deepEqual(cells, ["4 impressions, 1 click (25.0%)", "4 impressions, 1 click (25.0%)"]);
    });

    test("contributors and translators are refused every page (403)", async () => {
      const id = await promotionId(fixture.promotion.headline);
      for (const role of ["contributor", "translator"] as const) {
        const user = await signInAs(
          demo.app,
          demo.database.db,
          role,
          role === "translator" ? { editions: ["pt"] } : {},
        );
        for (const url of [
          "/newsroom/promotions",
          "/newsroom/promotions/new",
          `/newsroom/promotions/${id}`,
        ]) {
          assert.equal((await user.get(url)).statusCode, 403, `${role} GET ${url}`);
        }
        assert.equal((await user.post("/newsroom/promotions", bookForm())).statusCode, 403);
        assert.equal(
          (await user.post(`/newsroom/promotions/${id}/delete`, { confirm: "yes" })).statusCode,
          403,
        );
        const dashboard = parsePage((await user.get("/newsroom")).body);
        assert.equal(dashboard.querySelector('nav a[href="/newsroom/promotions"]'), null);
      }
      assert.equal(await promotionId(fixture.promotion.headline), id, "still there");
    });

    for (const [name, changes, message] of [
      ["no headline", { headline: " " }, /headline: is required/],
      ["a javascript: link", { href: "javascript:alert(1)" }, /href: must be an http or https address/],
      ["no edition", { editions: [] }, /editions: name at least one edition/],
      ["an end before the start", { endsAt: local(-2 * HOUR) }, /endsAt: must come after startsAt/],
      ["a weight of 0", { weight: "0" }, /weight: must be a whole number from 1 to 100/],
      ["a tag that does not exist", { tags: "Iraq, Atlantis" }, /tags: no tag is called "Atlantis"/],
      ["a time that is not one", { startsAt: "tomorrow" }, /startsAt: "tomorrow" is not a date and time/],
    ] satisfies [string, Record<string, string | string[]>, RegExp][]) {
      test(`${name} is refused with 400, the form keeping what was typed`, async () => {
        const response = await editor.post("/newsroom/promotions", bookForm(changes));
        assert.equal(response.statusCode, 400);
        const page = parsePage(response.body);
        assert.match(page.querySelector(".error")?.textContent ?? "", message);
        const posted: Record<string, string | string[]> = { ...bookForm(), ...changes };
        for (const name of ["cta", "href", "tags", "startsAt"]) {
          const value = page.querySelector(`input[name="${name}"]`)?.getAttribute("value");
          assert.equal(value, posted[name], name);
        }
        assert.equal(page.querySelector("textarea[name=text]")?.textContent, posted.text);
        assert.equal(
          page.querySelector('input[name="editions"][value="pt"]')?.hasAttribute("checked"),
          posted.editions?.includes("pt"),
        );
        const stored = await demo.database.db.selectFrom("promotions").select("headline").execute();
        assert.deepEqual(
          stored.map((row) => row.headline),
          [fixture.promotion.headline],
        );
      });
    }

    test("searching pictures shows the form again with what was typed, and saves nothing", async () => {
      const response = await editor.post(
        "/newsroom/promotions",
        bookForm({ intent: "find-picture", mediaQuery: "no picture is called this" }),
      );
      assert.equal(response.statusCode, 200);
      const page = parsePage(response.body);
      assert.equal(page.querySelector('input[name="headline"]')?.getAttribute("value"), "O livro do ano");
      assert.equal(page.querySelectorAll('select[name="mediaId"] option').length, 1, "only 'No picture'");
      assert.equal((await demo.database.db.selectFrom("promotions").select("id").execute()).length, 1);
    });

    test("a promotion limited to Portuguese and to the lead story's tag shows only on its Portuguese page", async () => {
      for (const edition of ["en", "pt", "es"]) await leadPage(edition); // warm the cache
      const created = await editor.post("/newsroom/promotions", bookForm({ tags: "iraq" }));
      assert.equal(created.statusCode, 303);
      const id = await promotionId("O livro do ano");
      assert.equal(created.headers.location, `/newsroom/promotions/${id}?done=created`);
      assert.equal(await promotionShown("pt"), "O livro do ano");
      assert.equal(await promotionShown("es"), null);
      assert.equal(await promotionShown("en"), fixture.promotion.headline, "English keeps the demo's");
      const form = parsePage((await editor.get(`/newsroom/promotions/${id}`)).body);
      assert.equal(form.querySelector('input[name="tags"]')?.getAttribute("value"), "Iraq");
      assert.deepEqual(await auditActions(), ["promotion.create"]);
    });

    test("editing the demo promotion to a window in the future takes it off every page", async () => {
      const id = await promotionId(fixture.promotion.headline);
      const saved = await editor.post(`/newsroom/promotions/${id}`, {
        ...bookForm({ startsAt: local(24 * HOUR), endsAt: local(48 * HOUR), editions: ["en", "pt", "es"] }),
        headline: fixture.promotion.headline,
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(await promotionShown("en"), null);
      assert.equal(await promotionShown("es"), null);
      assert.equal(await promotionShown("pt"), "O livro do ano");
      const list = parsePage((await editor.get("/newsroom/promotions")).body);
      const statuses = [...list.querySelectorAll("tbody tr")].map((row) =>
        [...row.querySelectorAll("td")].slice(0, 2).map((cell) => cell.textContent?.trim()),
      );
      assert.deepEqual(statuses, [
        ["O livro do ano", "Running"],
        [fixture.promotion.headline, "Scheduled"],
      ]);
      assert.deepEqual(await auditActions(), ["promotion.create", "promotion.edit"]);
    });

    test("deleting asks first; once confirmed the promotion is gone from readers' pages", async () => {
      const id = await promotionId("O livro do ano");
      const unconfirmed = await editor.post(`/newsroom/promotions/${id}/delete`, {});
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, `/newsroom/promotions/${id}/delete`);
      assert.equal(await promotionShown("pt"), "O livro do ano", "not deleted without confirmation");
      const confirm = parsePage((await editor.get(`/newsroom/promotions/${id}/delete`)).body);
      assert.match(confirm.querySelector("h1")?.textContent ?? "", /Delete “O livro do ano”\?/);
      assert.equal(confirm.querySelector('input[name="confirm"]')?.getAttribute("value"), "yes");
      const deleted = await editor.post(`/newsroom/promotions/${id}/delete`, { confirm: "yes" });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, "/newsroom/promotions?done=deleted");
      assert.equal(await promotionShown("pt"), null);
      assert.equal((await editor.get(`/newsroom/promotions/${id}`)).statusCode, 404);
      assert.deepEqual(await auditActions(), ["promotion.create", "promotion.edit", "promotion.delete"]);
    });
  });
}
