// A new story and its first article are written in one transaction: no one sees the story before
// its article, and a refusal (or a process killed) halfway leaves neither.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createStoryWithArticle } from "../src/articles/create-story-with-article.ts";
import type { Db } from "../src/db/database.ts";
import type { Database } from "../src/db/schema.ts";
import { ArticleEditorService } from "../src/newsroom/editor/editor-service.ts";
import type { BodyDocument } from "../src/shared/body/body-document.ts";
import { SlugTakenError } from "../src/shared/errors.ts";
import { type TestDatabaseHandle, testDatabases } from "./support/databases.ts";
import { createTestUser } from "./support/newsroom.ts";
import { sleep } from "./support/server-process.ts";

async function count(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const body: BodyDocument = {
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "Text." }] }],
};

for (const database of testDatabases()) {
  describe(`a new story with its article, on ${database.name}`, () => {
    let handle: TestDatabaseHandle;

    before(async () => {
      handle = await database.open();
    });

    after(async () => {
      await handle.close();
    });

    test("is written as a draft with its first revision", async () => {
      const { story, article } = await createStoryWithArticle(
        handle.db,
        { originalEdition: "pt" },
        { title: "Chuvas fecham o porto", body },
      );
      assert.equal(article.storyId, story.id);
      assert.equal(article.edition, "pt");
      assert.equal(article.status, "draft");
      const revision = await handle.db
        .selectFrom("articleRevisions")
        .select(["id", "number"])
        .where("articleId", "=", article.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(revision, { id: article.revisionId, number: 1 });
    });

    test("whose article is refused leaves no story behind", async () => {
      await createStoryWithArticle(
        handle.db,
        { originalEdition: "en" },
        { title: "Taken", slug: "taken", body },
      );
      const before = await count(handle.db, "stories");
      await assert.rejects(
        createStoryWithArticle(handle.db, { originalEdition: "en" }, { title: "Again", slug: "taken", body }),
        SlugTakenError,
      );
      assert.equal(await count(handle.db, "stories"), before);
    });
  });
}

const postgres = testDatabases().find((database) => database.name === "postgres");

describe("the newsroom's new article, on postgres", {
  skip: !postgres && "no PostgreSQL (TEST_DATABASE_URL)",
}, () => {
  let handle: TestDatabaseHandle;
  let locker: pg.Client;

  before(async () => {
    assert.ok(postgres);
    handle = await postgres.open();
    locker = new pg.Client({ connectionString: handle.url, options: `-c search_path=${handle.schema}` });
    await locker.connect();
  });

  after(async () => {
    await locker.end();
    await handle.close();
  });

  test("shows no one the new story while its article waits to be written", async () => {
    const user = await createTestUser(handle.db, "editor");
    const service = new ArticleEditorService(handle.db);
    const storiesBefore = await count(handle.db, "stories");
    // Another session holds the articles table: reads go on, the new article's insert must wait.
    await locker.query("begin");
    await locker.query("lock table articles in exclusive mode");
    let creating: ReturnType<ArticleEditorService["create"]> | undefined;
    try {
      creating = service.create(
        { id: user.id, role: "editor", editions: [] },
        { edition: "en", title: "Written while the table is locked", body },
      );
      creating.catch(() => {});
      const waiting = async () =>
        Number(
          (
            await locker.query<{ n: string }>(
              "select count(*) as n from pg_locks where not granted and relation = 'articles'::regclass",
            )
          ).rows[0]?.n,
        );
      const deadline = Date.now() + 10_000;
      while ((await waiting()) === 0) {
        assert.ok(Date.now() < deadline, "the new article never waited for the lock");
        await sleep(10);
      }
      assert.equal(
        await count(handle.db, "stories"),
        storiesBefore,
        "the story was visible without its article",
      );
    } finally {
      await locker.query("rollback");
    }
    const saved = await creating;
    assert.equal(await count(handle.db, "stories"), storiesBefore + 1);
    const article = await handle.db
      .selectFrom("articles")
      .select(["storyId", "revisionId"])
      .where("id", "=", saved.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(article, { storyId: saved.storyId, revisionId: saved.revisionId });
  });
});
