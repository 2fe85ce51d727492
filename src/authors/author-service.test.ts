import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../shared/errors.ts";
import { SourceService } from "../sources/source-service.ts";
import { type AuthorActor, type AuthorProfileInput, AuthorService } from "./author-service.ts";

function validationOf(field: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.details.field, field);
    if (message) assert.match(error.message, message);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`authors on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let authors: AuthorService;

    beforeEach(async () => {
      handle = await database.open();
      authors = new AuthorService(handle.db);
    });
    afterEach(async () => {
      await handle.close();
    });

    const allAuthors = () => handle.db.selectFrom("authors").selectAll().orderBy("id").execute();

    test("creates an author with a slug made from the name, accents folded", async () => {
      const author = await authors.upsertAuthor({
        name: "  Ana Lima Gonçalves ",
        bio: "Reporter in São Paulo.",
      });
      assert.equal(author.name, "Ana Lima Gonçalves");
      assert.equal(author.slug, "ana-lima-goncalves");
      assert.equal(author.bio, "Reporter in São Paulo.");
      assert.match(author.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(await authors.findById(author.id), author);
    });

    test("changes nothing when the same author is upserted twice", async () => {
      const first = await authors.upsertAuthor({ name: "Middle East Monitor", bio: null });
      const before = await allAuthors();
      const second = await authors.upsertAuthor({ name: "Middle East Monitor", bio: null });
      assert.deepEqual(second, first);
      assert.deepEqual(await allAuthors(), before);
      assert.equal(before.length, 1);
    });

    test("updates the name and bio of the author with the same slug, keeping its id and creation time", async () => {
      const first = await authors.upsertAuthor({ name: "Ana Lima", bio: "Old bio" });
      const second = await authors.upsertAuthor({
        name: "Ana Lima (Kirkuk)",
        slug: "ana-lima",
        bio: "New bio",
      });
      assert.equal(second.id, first.id);
      assert.equal(second.createdAt, first.createdAt);
      assert.equal(second.name, "Ana Lima (Kirkuk)");
      assert.equal(second.bio, "New bio");
      assert.equal((await allAuthors()).length, 1);
    });

    test("stores an empty bio as none", async () => {
      const author = await authors.upsertAuthor({ name: "Ana Lima", bio: "   " });
      assert.equal(author.bio, null);
    });

    test("refuses a missing name, a bad slug and a bio over 2000 characters, storing nothing", async () => {
      await assert.rejects(authors.upsertAuthor({ name: " " }), validationOf("name", /is required/));
      await assert.rejects(authors.upsertAuthor({ name: "Ana", slug: "Ana Lima" }), validationOf("slug"));
      await assert.rejects(authors.upsertAuthor({ name: "Ana", bio: "x".repeat(2001) }), validationOf("bio"));
      await assert.rejects(authors.upsertAuthor({ name: "—" }), validationOf("slug"));
      assert.deepEqual(await allAuthors(), []);
      assert.equal((await authors.upsertAuthor({ name: "سارة الحسن" })).slug, "سارة-الحسن");
    });

    test("answers undefined for an author that does not exist", async () => {
      assert.equal(await authors.findById(424242), undefined);
    });
  });

  describe(`author profiles and bylines on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let authors: AuthorService;
    let changes: ContentChange[];

    beforeEach(async () => {
      handle = await database.open();
      const events = new ContentEvents();
      changes = [];
      events.subscribe((change) => {
        changes.push(change);
      });
      authors = new AuthorService(handle.db, events);
    });
    afterEach(async () => {
      await handle.close();
    });

    const editor: AuthorActor = { actor: { id: 1, role: "editor", editions: [] } };
    const storyWithArticle = async (authorId?: number) => {
      const story = await new StoryService(handle.db).createStory({ originalEdition: "en" });
      const article = await new ArticleService(handle.db).createArticle({
        storyId: story.id,
        edition: "en",
        title: "Water talks in Cairo",
        body: bodyFromParagraphs(["Delegations met."]),
        ...(authorId ? { authorId } : {}),
      });
      return { storyId: story.id, articleId: article.id };
    };

    test("creates a profile with bios per edition, links and a default bio, and audits it", async () => {
      const profile = await authors.createAuthor(
        {
          name: "Ana Lima",
          bio: "Reporter.",
          bios: { en: "Reporter in Cairo.", pt: "Repórter no Cairo.", es: "  " },
          links: [
            { label: "Site", url: "https://ana.example/" },
            { label: "", url: "" },
          ],
        },
        editor,
      );
      assert.equal(profile.slug, "ana-lima");
      assert.deepEqual(profile.bios, { en: "Reporter in Cairo.", pt: "Repórter no Cairo." });
      assert.deepEqual(profile.links, [{ label: "Site", url: "https://ana.example/" }]);
      const audit = await handle.db.selectFrom("auditLog").selectAll().execute();
      assert.deepEqual(
        audit.map((row) => [row.action, row.actorUserId, row.subjectId]),
        [["author.create", 1, String(profile.id)]],
      );
    });

    test("refuses bad input with the field named, storing nothing", async () => {
      await authors.createAuthor({ name: "Ana Lima" });
      const cases: [AuthorProfileInput, string][] = [
        [{ name: "" }, "name"],
        [{ name: "Ana Lima" }, "slug"],
        [{ name: "Omar", links: [{ label: "x", url: "javascript:alert(1)" }] }, "links[0].url"],
        [{ name: "Omar", links: [{ label: "x", url: "ftp://example.org/" }] }, "links[0].url"],
        [{ name: "Omar", bios: { en: "x".repeat(2001) } }, "bios.en"],
        [{ name: "Omar", bios: { xx: "Hello" } }, "bios"],
        [{ name: "Omar", photoMediaId: 9999 }, "photoMediaId"],
      ];
      for (const [input, field] of cases) {
        await assert.rejects(authors.createAuthor(input), validationOf(field));
      }
      assert.deepEqual(
        (await authors.list()).map((a) => a.name),
        ["Ana Lima"],
      );
    });

    test("a contributor edits only the profile linked to them", async () => {
      const own = await authors.createAuthor({ name: "Ana Lima" });
      const other = await authors.createAuthor({ name: "Omar Haddad" });
      const user = await handle.db
        .insertInto("users")
        .values({
          email: "ana@example.org",
          name: "Ana",
          role: "contributor",
          passwordHash: "x",
          mustChangePassword: 0,
          createdAt: new Date().toISOString(),
          authorId: own.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const contributor: AuthorActor = { actor: { id: user.id, role: "contributor", editions: [] } };
      const updated = await authors.updateAuthor(own.id, { bios: { en: "Mine." } }, contributor);
      assert.deepEqual(updated.bios, { en: "Mine." });
      await assert.rejects(authors.updateAuthor(other.id, { name: "X" }, contributor), ForbiddenError);
      await assert.rejects(authors.createAuthor({ name: "New" }, contributor), ForbiddenError);
      assert.equal((await authors.getProfile(other.id)).name, "Omar Haddad");
    });

    test("sets several bylines on a story, keeps the lead on its articles and purges both archives", async () => {
      const ana = await authors.createAuthor({ name: "Ana Lima" });
      const omar = await authors.createAuthor({ name: "Omar Haddad" });
      const { storyId, articleId } = await storyWithArticle(ana.id);
      await new ArticleService(handle.db).publishArticle(articleId);
      assert.deepEqual(
        (await authors.getBylines(storyId)).map((a) => a.name),
        ["Ana Lima"],
      );
      changes = [];
      await authors.setBylines(storyId, [omar.id, ana.id]);
      assert.deepEqual(
        (await authors.getBylines(storyId)).map((a) => a.name),
        ["Omar Haddad", "Ana Lima"],
      );
      const article = await handle.db
        .selectFrom("articles")
        .select("authorId")
        .where("id", "=", articleId)
        .executeTakeFirstOrThrow();
      assert.equal(article.authorId, omar.id);
      assert.deepEqual(
        changes.map((c) => c.reasons),
        [["story.authors"]],
      );
      assert.deepEqual(new Set(changes[0]?.authorIds), new Set([ana.id, omar.id]));
      await assert.rejects(
        authors.setBylines(storyId, [99999]),
        validationOf("authorIds", /no author #99999/),
      );
      await authors.setBylines(storyId, []);
      assert.deepEqual(await authors.getBylines(storyId), []);
    });

    test("bylines of a story that only has drafts change no page: nothing is announced", async () => {
      const ana = await authors.createAuthor({ name: "Ana Lima" });
      const { storyId } = await storyWithArticle();
      changes = [];
      await authors.setBylines(storyId, [ana.id]);
      assert.deepEqual(changes, []);
      assert.deepEqual(
        (await authors.getBylines(storyId)).map((a) => a.id),
        [ana.id],
      );
    });

    test("deletes only an author no story credits", async () => {
      const ana = await authors.createAuthor({ name: "Ana Lima" });
      await storyWithArticle(ana.id);
      await assert.rejects(authors.deleteAuthor(ana.id, editor), ConflictError);
      const unused = await authors.createAuthor({ name: "Nobody Yet" });
      await authors.deleteAuthor(unused.id, editor);
      assert.equal(await authors.findById(unused.id), undefined);
    });

    test("a profile edit announces the author's change in every edition", async () => {
      const ana = await authors.createAuthor({ name: "Ana Lima" });
      changes = [];
      await authors.updateAuthor(ana.id, { name: "Ana Lima Gonçalves" }, editor);
      assert.deepEqual(
        changes.map((c) => c.reasons),
        [["author.changed"]],
      );
      assert.deepEqual(changes[0]?.authorIds, [ana.id]);
      assert.deepEqual([...(changes[0]?.editions ?? [])].sort(), ["en", "es", "pt"]);
    });

    test("shows the edition's bio, else the default one, else another edition's with its language", async () => {
      const ana = await authors.createAuthor({ name: "Ana Lima", bios: { pt: "Repórter." } });
      const row = await authors.findById(ana.id);
      assert.ok(row);
      assert.deepEqual((await authors.readerProfile(row, "pt")).bio, { text: "Repórter.", edition: null });
      assert.deepEqual((await authors.readerProfile(row, "en")).bio, { text: "Repórter.", edition: "pt" });
      await authors.updateAuthor(ana.id, { bio: "Reporter." });
      const again = await authors.findById(ana.id);
      assert.ok(again);
      assert.deepEqual((await authors.readerProfile(again, "en")).bio, { text: "Reporter.", edition: null });
    });
  });

  describe(`sources on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let sources: SourceService;

    beforeEach(async () => {
      handle = await database.open();
      sources = new SourceService(handle.db);
    });
    afterEach(async () => {
      await handle.close();
    });

    const allSources = () => handle.db.selectFrom("sources").selectAll().orderBy("id").execute();

    test("creates a source with its short name and a normalised url", async () => {
      const source = await sources.upsertSource({
        name: "Middle East Eye",
        shortName: "MEE",
        url: "https://www.MiddleEastEye.net",
      });
      assert.deepEqual(
        { ...source, id: 0 },
        { id: 0, name: "Middle East Eye", shortName: "MEE", url: "https://www.middleeasteye.net/" },
      );
    });

    test("changes nothing when the same source is upserted twice", async () => {
      const input = { name: "Middle East Eye", shortName: "MEE", url: "https://www.middleeasteye.net/" };
      const first = await sources.upsertSource(input);
      const before = await allSources();
      const second = await sources.upsertSource(input);
      assert.deepEqual(second, first);
      assert.deepEqual(await allSources(), before);
      assert.equal(before.length, 1);
    });

    test("updates the short name and url of the source with the same name", async () => {
      const first = await sources.upsertSource({ name: "Reuters" });
      assert.deepEqual([first.shortName, first.url], [null, null]);
      const second = await sources.upsertSource({
        name: "Reuters",
        shortName: "R",
        url: "https://reuters.com/",
      });
      assert.equal(second.id, first.id);
      assert.deepEqual([second.shortName, second.url], ["R", "https://reuters.com/"]);
      assert.equal((await allSources()).length, 1);
    });

    for (const url of [
      "javascript:alert(1)",
      "not a url",
      "/relative",
      "ftp://example.org/feed",
      "data:text/html,x",
    ]) {
      test(`refuses the source url ${JSON.stringify(url)} and stores nothing`, async () => {
        await assert.rejects(sources.upsertSource({ name: "Bad Source", url }), validationOf("url"));
        assert.deepEqual(await allSources(), []);
      });
    }

    test("refuses a missing name and a short name over 20 characters", async () => {
      await assert.rejects(sources.upsertSource({ name: "" }), validationOf("name"));
      await assert.rejects(
        sources.upsertSource({ name: "Wire", shortName: "x".repeat(21) }),
        validationOf("shortName"),
      );
      assert.deepEqual(await allSources(), []);
    });
  });
}
