import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInEveryRole } from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { TagService } from "../../tags/tag-service.ts";

for (const database of testDatabases()) {
  describe(`the tag manager's pages on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;
    let tags: TagService;

    before(async () => {
      demo = await startDemoApp(database);
      users = await signInEveryRole(demo.app, demo.database.db);
      tags = new TagService(demo.database.db);
    });
    after(() => demo.close());

    const idOf = async (key: string) => (await tags.getByKey(key)).id;
    const namesFields = (overrides: Record<string, string>) => ({
      "en.name": "Iraq",
      "en.slug": "iraq",
      "en.description": "",
      "pt.name": "Iraque",
      "pt.slug": "iraque",
      "pt.description": "",
      "es.name": "Irak",
      "es.slug": "irak",
      "es.description": "",
      ...overrides,
    });
    const reader = (url: string) => demo.app.inject({ url });

    test("editors and admins see Tags and Sources in the navigation and open the pages; the others are refused", async () => {
      for (const role of ["editor", "admin"] as const) {
        const page = await users[role].get("/newsroom/tags");
        assert.equal(page.statusCode, 200, role);
        const nav = parsePage(page.body).querySelector("nav.nr-nav")?.textContent ?? "";
        assert.match(nav, /Tags/);
        assert.match(nav, /Sources/);
        assert.match(page.body, /Oriente Médio/);
      }
      for (const role of ["contributor", "translator"] as const) {
        const page = await users[role].get("/newsroom/tags");
        assert.equal(page.statusCode, 403, role);
        assert.match(page.body, /may not rename, move or merge tags/);
        const nav = parsePage((await users[role].get("/newsroom")).body).querySelector("nav.nr-nav");
        assert.doesNotMatch(nav?.textContent ?? "", /Tags|Sources/);
        const post = await users[role].post(`/newsroom/tags/${await idOf("iraq")}`, namesFields({}));
        assert.equal(post.statusCode, 403, role);
      }
    });

    test("the search finds a tag by a name in any edition, accents ignored", async () => {
      const page = parsePage((await users.editor.get("/newsroom/tags?q=irak")).body);
      const found = [...page.querySelectorAll(".tag-tree a")].map((a) => a.textContent);
      assert.deepEqual(found, ["Middle East › Iraq"]);
      const accents = parsePage((await users.editor.get("/newsroom/tags?q=IRA")).body);
      assert.ok(
        [...accents.querySelectorAll(".tag-tree a")].some((a) => a.textContent === "Middle East › Iran"),
      );
    });

    test("a form without its CSRF token is refused and changes nothing", async () => {
      const response = await users.editor.post(`/newsroom/tags/${await idOf("iraq")}`, {
        ...namesFields({ "pt.name": "Nada" }),
        _csrf: "",
      });
      assert.equal(response.statusCode, 403);
      assert.equal((await tags.findBySlug("pt", "iraque"))?.name, "Iraque");
    });

    test("a bad name is refused with 400, the form keeps what was typed and nothing is stored", async () => {
      const iraq = await idOf("iraq");
      const response = await users.editor.post(
        `/newsroom/tags/${iraq}`,
        namesFields({ "en.name": "", "pt.name": "Iraque Novo", "pt.description": "Kept as typed" }),
      );
      assert.equal(response.statusCode, 400);
      const page = parsePage(response.body);
      assert.match(page.querySelector(".error")?.textContent ?? "", /en\.name/);
      assert.equal(
        page.querySelector<HTMLInputElement>('input[name="pt.name"]')?.getAttribute("value"),
        "Iraque Novo",
      );
      assert.equal(page.querySelector('textarea[name="pt.description"]')?.textContent, "Kept as typed");
      assert.equal((await tags.findBySlug("pt", "iraque"))?.name, "Iraque");
      const taken = await users.editor.post(`/newsroom/tags/${iraq}`, namesFields({ "pt.slug": "ira" }));
      assert.equal(taken.statusCode, 409);
    });

    test("a rename answers the old archive with a 301, and the description shows escaped on the archive", async () => {
      const iraq = await idOf("iraq");
      const saved = await users.editor.post(
        `/newsroom/tags/${iraq}`,
        namesFields({
          "pt.name": "Mesopotâmia",
          "pt.slug": "mesopotamia",
          "pt.description": "<b>Rios</b> & areia",
        }),
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/newsroom/tags/${iraq}?done=saved`);
      const old = await reader("/pt/tag/iraque");
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, "http://tribune.test/pt/tag/mesopotamia");
      const archive = await reader("/pt/tag/mesopotamia");
      assert.equal(archive.statusCode, 200);
      assert.match(archive.body, /<p class="archive-description">&lt;b>Rios&lt;\/b> &amp; areia<\/p>/);
      assert.doesNotMatch((await reader("/en/tag/iraq")).body, /archive-description/);
      assert.equal((await reader("/pt/tag/nunca-existiu")).statusCode, 404);
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId"])
        .where("action", "=", "tag.edit")
        .execute();
      assert.deepEqual(audit, [{ action: "tag.edit", actorUserId: users.editor.user.id }]);
    });

    test("a move below the tag itself is refused with 400; a move elsewhere is saved", async () => {
      const middleEast = await idOf("middle-east");
      const refused = await users.editor.post(`/newsroom/tags/${middleEast}/move`, {
        kind: "region",
        parentId: String(await idOf("iran")),
      });
      assert.equal(refused.statusCode, 400);
      assert.match(parsePage(refused.body).querySelector(".error")?.textContent ?? "", /parent/);
      const moved = await users.editor.post(`/newsroom/tags/${await idOf("turkey")}/move`, {
        kind: "country",
        parentId: String(await idOf("asia-americas")),
      });
      assert.equal(moved.statusCode, 303);
      assert.equal((await tags.getByKey("turkey")).parentId, await idOf("asia-americas"));
    });

    test("a merge asks first, then sends every edition's old archive addresses to the surviving tag", async () => {
      const turkey = await idOf("turkey");
      const iran = await idOf("iran");
      const unconfirmed = await users.editor.post(`/newsroom/tags/${turkey}/merge?into=${iran}`, {});
      assert.equal(unconfirmed.statusCode, 303);
      assert.equal(unconfirmed.headers.location, `/newsroom/tags/${turkey}/merge?into=${iran}`);
      const question = await users.editor.get(`/newsroom/tags/${turkey}/merge?into=${iran}`);
      assert.equal(question.statusCode, 200);
      assert.match(
        parsePage(question.body).querySelector("h1")?.textContent ?? "",
        /Merge “Turkey” into “Iran”\?/,
      );
      assert.ok(await tags.getByKey("turkey"), "nothing merged before the Yes");
      const bad = await users.editor.get(`/newsroom/tags/${turkey}/merge?into=abc`);
      assert.equal(bad.statusCode, 400);

      const merged = await users.editor.post(`/newsroom/tags/${turkey}/merge?into=${iran}`, {
        confirm: "yes",
      });
      assert.equal(merged.statusCode, 303);
      assert.equal(merged.headers.location, `/newsroom/tags/${iran}?done=merged`);
      for (const [from, to] of [
        ["/en/tag/turkey", "/en/tag/iran"],
        ["/pt/tag/turquia", "/pt/tag/ira"],
        ["/es/tag/turquia", "/es/tag/iran"],
      ] as const) {
        const response = await reader(from);
        assert.equal(response.statusCode, 301, from);
        assert.equal(response.headers.location, `http://tribune.test${to}`);
      }
      assert.equal((await users.editor.get(`/newsroom/tags/${turkey}`)).statusCode, 404);
    });

    test("a new tag is created from the list page; a refusal keeps the names typed", async () => {
      const refused = await users.editor.post("/newsroom/tags", {
        kind: "planet",
        parentId: "",
        "name.en": "Mars",
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(
        parsePage(refused.body).querySelector('input[name="name.en"]')?.getAttribute("value"),
        "Mars",
      );
      const created = await users.editor.post("/newsroom/tags", {
        kind: "country",
        parentId: String(await idOf("middle-east")),
        "name.en": "Syria",
        "name.pt": "Síria",
        "name.es": "",
      });
      assert.equal(created.statusCode, 303);
      const syria = await tags.getByKey("syria");
      assert.equal(syria.parentId, await idOf("middle-east"));
      assert.equal((await reader("/pt/tag/siria")).statusCode, 200);
    });
  });
}
