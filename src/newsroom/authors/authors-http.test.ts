import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import {
  NewsroomClient,
  type NewsroomSession,
  signInEveryRole,
  TEST_PASSWORD,
} from "../../../test/support/newsroom.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import { AuthorService } from "../../authors/author-service.ts";

for (const database of testDatabases()) {
  describe(`the authors pages on ${database.name}`, () => {
    let demo: DemoApp;
    let users: Record<Role, NewsroomSession>;
    let authors: AuthorService;

    before(async () => {
      demo = await startDemoApp(database);
      users = await signInEveryRole(demo.app, demo.database.db);
      authors = new AuthorService(demo.database.db);
    });
    after(() => demo.close());

    const profileFields = (name: string) => ({
      name,
      slug: "",
      bio: "",
      "bio.en": `${name} reports from Cairo.`,
      "bio.pt": `${name} é repórter no Cairo.`,
      "bio.es": "",
      photoMediaId: "",
      linkLabel: ["Site", ""],
      linkUrl: ["https://example.org/reporter", ""],
    });

    test("an editor lists, searches, creates and edits an author, each change audited", async () => {
      const list = await users.editor.get("/newsroom/authors");
      assert.equal(list.statusCode, 200);
      const page = parsePage(list.body);
      assert.ok(page.querySelector('a[href="/newsroom/authors/new"]'));
      assert.equal(page.querySelector('.nr-nav a[aria-current="page"]')?.textContent, "Authors");

      const created = await users.editor.post("/newsroom/authors", profileFields("Layla Nasser"));
      assert.equal(created.statusCode, 303);
      const location = String(created.headers.location);
      assert.match(location, /^\/newsroom\/authors\/\d+\/edit\?saved=1$/);
      const author = await authors.findBySlug("layla-nasser");
      assert.ok(author);
      const profile = await authors.getProfile(author.id);
      assert.deepEqual(profile.bios, {
        en: "Layla Nasser reports from Cairo.",
        pt: "Layla Nasser é repórter no Cairo.",
      });
      assert.deepEqual(profile.links, [{ label: "Site", url: "https://example.org/reporter" }]);

      const edit = parsePage((await users.editor.get(location)).body);
      assert.equal(edit.querySelector("input[name=name]")?.getAttribute("value"), "Layla Nasser");
      assert.equal(
        edit.querySelector('textarea[name="bio.pt"]')?.textContent,
        "Layla Nasser é repórter no Cairo.",
      );

      const saved = await users.editor.post(`/newsroom/authors/${author.id}`, {
        ...profileFields("Layla Nasser"),
        "bio.es": "Layla Nasser es reportera.",
      });
      assert.equal(saved.statusCode, 303);
      assert.equal((await authors.getProfile(author.id)).bios.es, "Layla Nasser es reportera.");

      const found = parsePage((await users.editor.get("/newsroom/authors?q=nasser")).body);
      assert.deepEqual(
        [...found.querySelectorAll(".authors-list tbody td:first-child")].map((td) => td.textContent),
        ["Layla Nasser"],
      );
      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId"])
        .where("subjectType", "=", "author")
        .where("subjectId", "=", String(author.id))
        .orderBy("id")
        .execute();
      assert.deepEqual(
        audit.map((row) => row.action),
        ["author.create", "author.update"],
      );
      assert.ok(audit.every((row) => row.actorUserId === users.editor.user.id));
    });

    test("refuses bad input with 400, keeping what was typed and storing nothing", async () => {
      const before = await authors.list();
      const response = await users.editor.post("/newsroom/authors", {
        ...profileFields("Karim Saleh"),
        linkUrl: ["javascript:alert(1)"],
        linkLabel: ["Evil"],
      });
      assert.equal(response.statusCode, 400);
      const page = parsePage(response.body);
      assert.match(
        page.querySelector("[role=alert]")?.textContent ?? "",
        /links\[0\]\.url: must be an http or https address/,
      );
      assert.equal(page.querySelector("input[name=name]")?.getAttribute("value"), "Karim Saleh");
      const taken = await users.editor.post("/newsroom/authors", {
        ...profileFields("Other"),
        slug: "layla-nasser",
      });
      assert.equal(taken.statusCode, 400);
      assert.equal((await users.editor.post("/newsroom/authors", { name: " " })).statusCode, 400);
      assert.deepEqual(await authors.list(), before);
    });

    test("a contributor edits their own profile and gets 403 on someone else's", async () => {
      const own = await authors.createAuthor({ name: "Own Profile" });
      const other = await authors.createAuthor({ name: "Someone Else" });
      await authors.linkUser(demo.database.db, users.contributor.user.id, own.id);

      const list = parsePage((await users.contributor.get("/newsroom/authors")).body);
      assert.equal(list.querySelector('a[href="/newsroom/authors/new"]'), null);
      assert.ok(list.querySelector(`a[href="/newsroom/authors/${own.id}/edit"]`));
      assert.equal(list.querySelector(`a[href="/newsroom/authors/${other.id}/edit"]`), null);

      assert.equal((await users.contributor.get(`/newsroom/authors/${own.id}/edit`)).statusCode, 200);
      const mine = await users.contributor.post(`/newsroom/authors/${own.id}`, profileFields("Own Profile"));
      assert.equal(mine.statusCode, 303);
      assert.equal((await users.contributor.get(`/newsroom/authors/${other.id}/edit`)).statusCode, 403);
      const theirs = await users.contributor.post(`/newsroom/authors/${other.id}`, profileFields("Hijacked"));
      assert.equal(theirs.statusCode, 403);
      assert.equal((await authors.getProfile(other.id)).name, "Someone Else");
      assert.equal(
        (await users.contributor.post("/newsroom/authors", profileFields("New One"))).statusCode,
        403,
      );
      assert.equal((await users.contributor.get("/newsroom/authors/new")).statusCode, 403);
    });

    test("an invitation with an author profile links the new account to it when accepted", async () => {
      const refused = await users.admin.post("/newsroom/users/invite", {
        email: "nadia@example.org",
        role: "contributor",
        createAuthor: "yes",
        authorName: "",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Name on the byline: is required to create an author profile/);

      const invited = await users.admin.post("/newsroom/users/invite", {
        email: "nadia@example.org",
        role: "contributor",
        createAuthor: "yes",
        authorName: "Layla Nasser",
      });
      assert.equal(invited.statusCode, 201);
      const link = parsePage(invited.body).querySelector("#invite-link")?.getAttribute("value") ?? "";
      const path = new URL(link).pathname;
      const visitor = new NewsroomClient(demo.app);
      await visitor.get(path);
      const accepted = await visitor.post(path, {
        name: "Nadia",
        password: TEST_PASSWORD,
        repeatPassword: TEST_PASSWORD,
      });
      assert.equal(accepted.statusCode, 303, accepted.body);
      const user = await demo.database.db
        .selectFrom("users")
        .select(["id", "authorId"])
        .where("email", "=", "nadia@example.org")
        .executeTakeFirstOrThrow();
      assert.ok(user.authorId);
      const profile = await authors.getProfile(user.authorId);
      // "layla-nasser" is taken by the first test's author: the new profile gets a free address.
      assert.deepEqual(
        [profile.name, profile.slug, profile.user?.id],
        ["Layla Nasser", "layla-nasser-2", user.id],
      );
    });

    test("deletes an unused author after confirming, and refuses one with bylines", async () => {
      const unused = await authors.createAuthor({ name: "Never Bylined" });
      const ask = await users.editor.post(`/newsroom/authors/${unused.id}/delete`, {});
      assert.equal(ask.statusCode, 303);
      assert.equal(ask.headers.location, `/newsroom/authors/${unused.id}/delete`);
      const confirm = await users.editor.get(`/newsroom/authors/${unused.id}/delete`);
      assert.match(confirm.body, /Delete this author\?/);
      const done = await users.editor.post(`/newsroom/authors/${unused.id}/delete`, { confirm: "yes" });
      assert.equal(done.statusCode, 303);
      assert.equal(await authors.findById(unused.id), undefined);

      const demoAuthor = await authors.findBySlug("tribune-newsroom");
      assert.ok(demoAuthor);
      const refused = await users.editor.post(`/newsroom/authors/${demoAuthor.id}/delete`, {
        confirm: "yes",
      });
      assert.equal(refused.statusCode, 409);
      assert.ok(await authors.findById(demoAuthor.id));
    });
  });
}
