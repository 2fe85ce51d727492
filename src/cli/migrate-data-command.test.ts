import assert from "node:assert/strict";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { runTribune } from "../../test/support/cli.ts";
import { postgresTestUrl, type TestDatabase } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { createServerDatabase, type ServerDatabase } from "../../test/support/server-database.ts";
import { AccessTokenService } from "../accounts/access-token-service.ts";
import { recordAudit } from "../accounts/audit/audit-log.ts";
import { buildApp } from "../app.ts";
import { commentForm, postForm } from "../comments/comment-test-support.ts";
import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { copyDatabase, DataCopyMismatchError } from "../db/database-copy.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { rowCounts } from "../db/table-catalogue.ts";
import { tablePrints } from "../db/table-checksum.ts";

const postgres = postgresTestUrl();

/** The reader pages compared on both databases, and searches whose results must name the same articles. */
const SEARCHES = [
  "/en/search?q=iraq",
  "/pt/search?q=di%C3%A1logo",
  "/es/search?q=retirada",
  "/en/search?q=stamps",
];

async function page(app: FastifyInstance, url: string): Promise<string> {
  const response = await app.inject(url);
  assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
  return response.body;
}

function articleLinks(html: string): string[] {
  return [...new Set(html.match(/\/[a-z]{2}\/\d{4}\/\d{2}\/\d{2}\/[^"#?]+/g) ?? [])].sort();
}

describe("tribune migrate-data from SQLite to PostgreSQL", {
  skip: postgres ? false : "needs PostgreSQL",
}, () => {
  let fileDir: string;
  let demo: DemoApp;
  let dataDir: string;
  let config: Config;
  let sourceUrl: string;
  let target: ServerDatabase;
  let articlePaths: string[] = [];

  before(async () => {
    // The demo site on a SQLite file, as a site that started small runs.
    fileDir = await mkdtemp(join(tmpdir(), "tribune-migrate-data-"));
    sourceUrl = `sqlite:${join(fileDir, "tribune.db")}`;
    const sourceFile: TestDatabase = {
      name: "sqlite",
      open: async () => {
        const handle = await openDatabase(sourceUrl);
        await migrateToLatest(handle);
        return { ...handle, url: sourceUrl, schema: undefined };
      },
    };
    demo = await startDemoApp(sourceFile, { COMMENT_POLICY_EN: "open" });
    ({ config } = demo);
    dataDir = config.dataDir;
    const source = demo.database;
    // What a site gathers beyond its content: users, tokens, comments, the audit log.
    const editor = await createTestUser(source.db, "editor");
    await new AccessTokenService(source.db).create(
      editor.id,
      { name: "ci" },
      { actorUserId: null, via: "test" },
    );
    await recordAudit(source.db, { actorUserId: editor.id, action: "migrate.test", details: { ok: true } });
    articlePaths = articleLinks(await page(demo.app, "/en/"));
    assert.ok(articlePaths[0], "the front page links the demo's articles");
    for (const text of ["A first comment.", "A second comment."]) {
      const posted = await postForm(demo.app, `${articlePaths[0]}/comments`, commentForm({ text }));
      assert.equal(posted.statusCode, 303, posted.body);
    }
    const counts = await rowCounts(source);
    for (const table of ["users", "access_tokens", "comments", "article_revisions", "audit_log", "media"]) {
      assert.ok((counts[table] ?? 0) > 0, `the source has ${table}`);
    }
    target = await createServerDatabase("postgres", dataDir, postgres);
    // As `tribune migrate` leaves a new database: migrated, with the configured editions.
    await (await target.open()).close();
  });

  after(async () => {
    await target?.drop();
    await demo?.close();
    await rm(fileDir, { recursive: true, force: true });
  });

  test("copies the site, verifies every table, and PostgreSQL serves the same pages and search results", async () => {
    const result = await runTribune(["migrate-data", "--from", sourceUrl, "--to", target.url], {
      DATA_DIR: dataDir,
    });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /^table +rows \(source\) +rows \(target\)/m);
    assert.match(result.stdout, /^comments +2 +2 +[0-9a-f]{16} +[0-9a-f]{16} +ok$/m);
    assert.doesNotMatch(result.stdout, /DIFFERS/);
    assert.match(result.stdout, /every table's rows and checksum match the source/);
    assert.match(result.stdout, /Every media file the site refers to is in/);
    assert.match(result.stderr, /articles +\d+\/\d+ rows +\d+ rows\/s/);
    assert.match(result.stderr, /search index: rebuilt, \d+ articles/);

    const copy = await openDatabase(target.url);
    const fromPostgres = await buildApp({ config, database: copy });
    try {
      for (const url of ["/en/", "/pt/", ...articlePaths, `${articlePaths[0]}/comments`]) {
        assert.equal(await page(fromPostgres, url), await page(demo.app, url), url);
      }
      for (const url of SEARCHES) {
        const found = articleLinks(await page(demo.app, url));
        assert.ok(found.length > 0, `${url} finds articles`);
        assert.deepEqual(articleLinks(await page(fromPostgres, url)), found, url);
      }
      // The next row gets a new id: PostgreSQL's identity follows the copied ones.
      await recordAudit(copy.db, { actorUserId: null, action: "after.copy" });
    } finally {
      await fromPostgres.close();
      await copy.close();
    }
  });

  test("refuses a target that holds rows and leaves it untouched, unless told to replace them", async () => {
    const copy = await openDatabase(target.url);
    try {
      const before = await tablePrints(copy, ["articles", "users", "comments", "audit_log"]);
      const refused = await runTribune(["migrate-data", "--from", sourceUrl, "--to", target.url], {
        DATA_DIR: dataDir,
      });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /the target already holds \d+ rows in \d+ tables .*add --replace/);
      assert.deepEqual(await tablePrints(copy, ["articles", "users", "comments", "audit_log"]), before);

      const replaced = await runTribune(
        ["migrate-data", "--from", sourceUrl, "--to", target.url, "--replace"],
        {
          DATA_DIR: dataDir,
        },
      );
      assert.equal(replaced.code, 0, replaced.stderr);
      const source = await openDatabase(sourceUrl);
      try {
        const audit = await tablePrints(source, ["audit_log"]);
        assert.deepEqual(await tablePrints(copy, ["audit_log"]), audit, "the row written since is gone");
      } finally {
        await source.close();
      }
    } finally {
      await copy.close();
    }
  });

  test("rolls the whole copy back when a table does not match its source", async () => {
    const source = await openDatabase(sourceUrl);
    const file = `sqlite:${join(dataDir, "tampered.db")}`;
    const copy = await openDatabase(file);
    try {
      await migrateToLatest(copy);
      const copying = copyDatabase(source, copy, {
        rebuild: async (trx) => {
          await sql`update articles set title = 'Tampered' where id = (select min(id) from articles)`.execute(
            trx,
          );
        },
      });
      const error = await copying.then(
        () => assert.fail("the copy was accepted"),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof DataCopyMismatchError, String(error));
      assert.deepEqual(
        error.report.tables.filter((table) => !table.equal).map((table) => table.table),
        ["articles"],
      );
      const counts = await rowCounts(copy);
      assert.deepEqual(
        // Migrating wrote its bookkeeping and the empty index's own settings; the copy left nothing.
        Object.entries(counts).filter(([table, rows]) => rows > 0 && !/^(kysely|search)_/.test(table)),
        [],
        "nothing was kept",
      );
    } finally {
      await copy.close();
      await source.close();
    }
  });

  test("copies back from PostgreSQL into a new SQLite file", async () => {
    const back = `sqlite:${join(dataDir, "back.db")}`;
    const result = await runTribune(["migrate-data", "--from", target.url, "--to", back], {
      DATA_DIR: dataDir,
    });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const [copy, source] = [await openDatabase(back), await openDatabase(sourceUrl)];
    try {
      const tables = ["articles", "comments", "users", "access_tokens", "media_variants"];
      assert.deepEqual(await tablePrints(copy, tables), await tablePrints(source, tables));
    } finally {
      await copy.close();
      await source.close();
    }
  });

  test("says clearly what is wrong with its input", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["--from", "mysql://db/site", "--to", target.url],
        /--from "mysql:\/\/db\/site" is not a database Tribune knows/,
      ],
      [
        ["--from", sourceUrl, "--to", sourceUrl.replace("/tribune.db", "/./tribune.db")],
        /name the same database/,
      ],
      [["--from", `sqlite:${join(dataDir, "none.db")}`, "--to", target.url], /there is no SQLite file at/],
      [
        ["--from", sourceUrl, "--to", "postgres://postgres@127.0.0.1:1/none"],
        /--to: cannot reach postgres:\/\/postgres@127\.0\.0\.1:1\/none/,
      ],
      [["--from", sourceUrl], /needs both databases/],
    ];
    for (const [args, message] of cases) {
      const result = await runTribune(["migrate-data", ...args], { DATA_DIR: dataDir });
      assert.notEqual(result.code, 0, args.join(" "));
      assert.match(result.stderr, message);
    }
  });

  test("refuses a source whose schema is behind this version's", async () => {
    const old = `sqlite:${join(dataDir, "old.db")}`;
    const handle: DatabaseHandle = await openDatabase(old);
    try {
      await migrateToLatest(handle);
      await sql`delete from kysely_migration where name = (select max(name) from kysely_migration)`.execute(
        handle.db,
      );
    } finally {
      await handle.close();
    }
    const result = await runTribune(["migrate-data", "--from", old, "--to", target.url], {
      DATA_DIR: dataDir,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the source's schema is not up to date .* tribune migrate first/);
  });

  test("lists the media files the copied rows refer to that MEDIA_DIR lacks", async () => {
    const copy = await openDatabase(target.url);
    let variant: string;
    try {
      const row = await copy.db
        .selectFrom("mediaVariants")
        .select("file")
        .orderBy("file")
        .executeTakeFirstOrThrow();
      variant = join("variants", row.file);
    } finally {
      await copy.close();
    }
    const path = join(config.mediaDir, variant);
    await rename(path, `${path}.away`);
    try {
      const result = await runTribune(
        ["migrate-data", "--from", sourceUrl, "--to", target.url, "--replace"],
        {
          DATA_DIR: dataDir,
        },
      );
      assert.equal(result.code, 1);
      assert.match(result.stdout, /every table's rows and checksum match the source/);
      assert.match(
        result.stderr,
        /the data is copied, but 1 media file it refers to is not in the media store \(/,
      );
      assert.ok(result.stderr.includes(variant), result.stderr);
    } finally {
      await rename(`${path}.away`, path);
    }
  });
});
