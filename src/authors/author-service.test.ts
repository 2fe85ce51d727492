import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { ValidationError } from "../shared/errors.ts";
import { SourceService } from "../sources/source-service.ts";
import { AuthorService } from "./author-service.ts";

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
