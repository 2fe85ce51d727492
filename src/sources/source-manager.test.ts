import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../shared/errors.ts";
import { SourceManager } from "./source-manager.ts";

for (const database of testDatabases()) {
  describe(`the sources manager on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let sources: SourceManager;
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
      sources = new SourceManager(db, events);
      editor = { ...(await createTestUser(db, "editor")), editions: [] };
    });
    afterEach(() => handle.close());

    const form = (name: string, url = "") => ({ name, shortName: "", url });

    test("creates and edits a source; the stories it is given for are announced", async () => {
      const reuters = await sources.create(editor, {
        name: "Reuters",
        shortName: "R",
        url: "https://reuters.com",
      });
      const story = await new StoryService(db).createStory({ originalEdition: "en", sourceId: reuters.id });
      await sources.update(editor, reuters.id, form("Thomson Reuters", "http://reuters.com/"));
      const [listed] = await sources.list(editor);
      assert.deepEqual(listed, {
        id: reuters.id,
        name: "Thomson Reuters",
        shortName: null,
        url: "http://reuters.com/",
        storyCount: 1,
      });
      assert.deepEqual(announced.at(-1)?.reasons, ["story.source"]);
      assert.deepEqual(announced.at(-1)?.storyIds, [story.id]);
      const audit = await db
        .selectFrom("auditLog")
        .select("action")
        .where("subjectType", "=", "source")
        .execute();
      assert.deepEqual(
        audit.map((row) => row.action),
        ["source.create", "source.edit"],
      );
    });

    test("refuses an address that is not http(s), an empty name and a name taken, keeping what was stored", async () => {
      const ap = await sources.create(editor, form("AP", "https://apnews.com/"));
      await sources.create(editor, form("AFP"));
      await assert.rejects(sources.update(editor, ap.id, form("AP", "javascript:alert(1)")), ValidationError);
      await assert.rejects(sources.update(editor, ap.id, form("AP", "ftp://apnews.com")), ValidationError);
      await assert.rejects(sources.update(editor, ap.id, form("  ")), ValidationError);
      await assert.rejects(sources.update(editor, ap.id, form("AFP")), ConflictError);
      assert.equal((await sources.get(editor, ap.id)).url, "https://apnews.com/");
    });

    test("deletes an unused source, refuses a used one (409), and merges it into another instead", async () => {
      const unused = await sources.create(editor, form("Nobody"));
      const used = await sources.create(editor, form("Agência Brasil"));
      const into = await sources.create(editor, form("Agencia Brasil"));
      const story = await new StoryService(db).createStory({ originalEdition: "pt", sourceId: used.id });
      await sources.delete(editor, unused.id);
      await assert.rejects(sources.delete(editor, used.id), ConflictError);
      await sources.merge(editor, used.id, into.id);
      const row = await db
        .selectFrom("stories")
        .select("sourceId")
        .where("id", "=", story.id)
        .executeTakeFirst();
      assert.equal(row?.sourceId, into.id);
      assert.deepEqual(
        (await sources.list(editor)).map((source) => [source.name, source.storyCount]),
        [["Agencia Brasil", 1]],
      );
      assert.deepEqual(announced.at(-1)?.storyIds, [story.id]);
    });

    test("only editors and admins manage sources", async () => {
      const contributor = { ...(await createTestUser(db, "contributor")), editions: [] };
      await assert.rejects(sources.list(contributor), ForbiddenError);
      await assert.rejects(sources.create(contributor, form("X")), ForbiddenError);
    });
  });
}
