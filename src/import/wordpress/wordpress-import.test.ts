import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { runTribune } from "../../../test/support/cli.ts";
import { parsePage } from "../../../test/support/html.ts";
import { sharedDatabases } from "../../../test/support/shared-databases.ts";
import { buildApp } from "../../app.ts";
import { CommentHasher } from "../../comments/comment-hashing.ts";
import { ModerationQueue } from "../../comments/moderation/moderation-queue.ts";
import { type Config, loadConfig, persistentSecret } from "../../config.ts";
import { type DatabaseHandle, openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { syncEditions } from "../../editions/edition-service.ts";
import { MediaService } from "../../media/media-service.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { WordpressImport } from "./wordpress-import.ts";

const FIXTURES = new URL("../../../test/fixtures/wordpress/", import.meta.url).pathname;
const EXPORT = join(FIXTURES, "polylang-site.xml");
const UPLOADS = join(FIXTURES, "uploads");

function configFor(dataDir: string, url: string): Config {
  return loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    PUBLIC_URL: "http://tribune.test",
    PAGE_CACHE_MB: "0",
    OEMBED_PROVIDERS: "none",
  });
}

function importCli(dataDir: string, url: string, ...extra: string[]) {
  return runTribune(["import", "wordpress", EXPORT, "--media-dir", UPLOADS, ...extra], {
    DATA_DIR: dataDir,
    DATABASE_URL: url,
  });
}

/** What readers and moderators could ever see, without ids or times of the run: equal imports, equal prints. */
async function fingerprint(db: DatabaseHandle["db"]) {
  const articles = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select(["stories.key", "articles.edition", "articles.slug", "articles.title", "articles.status"])
    .select(["articles.publishedAt", "articles.body", "articles.summary", "stories.heroMediaId"])
    .orderBy("articles.edition")
    .orderBy("articles.slug")
    .execute();
  // A READ callout names its story by id; ids are the database's (PostgreSQL's sequences keep going
  // past a rolled-back batch): compare the stories' keys.
  const storyKeys = new Map(
    (await db.selectFrom("stories").select(["id", "key"]).execute()).map((s) => [s.id, s.key]),
  );
  for (const article of articles) {
    article.body = article.body.replace(
      /"storyId":(\d+)/g,
      (_, id) => `"story":"${storyKeys.get(Number(id))}"`,
    );
  }
  const revisions = await db.selectFrom("articleRevisions").select(["articleId", "number"]).execute();
  const tags = await db
    .selectFrom("storyTags")
    .innerJoin("stories", "stories.id", "storyTags.storyId")
    .innerJoin("tags", "tags.id", "storyTags.tagId")
    .select(["stories.key as story", "tags.key as tag", "tags.kind", "storyTags.position"])
    .orderBy("stories.key")
    .orderBy("storyTags.position")
    .execute();
  const comments = await db
    .selectFrom("comments")
    .leftJoin("comments as parent", "parent.id", "comments.parentId")
    .select(["comments.authorName", "comments.body", "comments.status", "comments.emailHash"])
    .select(["parent.authorName as parentName", "comments.createdAt"])
    .orderBy("comments.createdAt")
    .execute();
  const media = await db.selectFrom("media").select(["storageKey", "credit"]).orderBy("storageKey").execute();
  const authors = await db.selectFrom("authors").select(["slug", "name"]).orderBy("slug").execute();
  const pages = await db
    .selectFrom("pages")
    .select(["edition", "slug", "title", "body"])
    .orderBy("slug")
    .execute();
  const history = await db
    .selectFrom("articleSlugHistory")
    .select(["edition", "slug"])
    .orderBy("slug")
    .execute();
  return { articles, revisions: revisions.length, tags, comments, media, authors, history, pages };
}

for (const database of sharedDatabases()) {
  describe(`tribune import wordpress (${database.name})`, () => {
    let dataDir = "";
    let shared: { url: string; drop(): Promise<void> };
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let firstRun = { code: 0 as number | null, stdout: "", stderr: "" };

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "tribune-wp-"));
      shared = await database.create(dataDir);
      firstRun = await importCli(dataDir, shared.url);
      handle = await openDatabase(shared.url);
      app = await buildApp({ config: configFor(dataDir, shared.url), database: handle });
    });
    after(async () => {
      await app?.close();
      await handle?.close();
      await shared?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test("imports the export and says what it did, per kind", () => {
      assert.equal(firstRun.code, 0, firstRun.stderr);
      const out = firstRun.stdout;
      assert.match(out, /Imported wordpress:https:\/\/news\.example\.org/);
      assert.match(out, /posts: 9 imported, 0 updated, 1 skipped/);
      assert.match(out, /1 skipped: language "fr" has no edition/);
      assert.match(out, /comments: 4 imported, 0 updated, 2 skipped/);
      assert.match(out, /attachments: 1 imported/);
      assert.match(out, /pages: 3 imported/);
      assert.match(firstRun.stderr, /pass 2\/2 +\d+ items +\d+ items\/s +\d+% +ETA/);
    });

    test("the reader sees the story in three editions, with its switcher, tags, hero and comments", async () => {
      const response = await app.inject({ url: "/en/2026/01/15/iraq-withdrawal-deal" });
      assert.equal(response.statusCode, 200);
      const page = parsePage(response.body);
      assert.match(page.querySelector("h1")?.textContent ?? "", /Iran-backed groups will stop attacks/);
      // The switcher links the Portuguese and Spanish articles of the same story.
      const alternates = [...page.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) =>
        l.getAttribute("href"),
      );
      assert.ok(
        alternates.some((href) => href?.includes("/pt/2026/01/15/acordo-retirada-iraque")),
        String(alternates),
      );
      assert.ok(
        alternates.some((href) => href?.includes("/es/2026/01/15/acuerdo-retirada-irak")),
        String(alternates),
      );
      // Tags: the gazetteer's Iraq (a country), the News section.
      const tagLinks = [...page.querySelectorAll('a[href*="/tag/"]')].map((a) => a.textContent?.trim());
      assert.ok(tagLinks.includes("Iraq"), String(tagLinks));
      assert.ok(tagLinks.includes("News"), String(tagLinks));
      // The hero picture with its credit; the READ callout to the related imported story.
      assert.match(response.body, /Murtadha Al-Sudani\/Anadolu Agency/);
      assert.match(
        response.body,
        /Iraq&#39;s Muqtada Al-Sadr supports PM call|Iraq's Muqtada Al-Sadr supports PM call/,
      );
      // Markup from the old body never reaches the page.
      assert.doesNotMatch(response.body, /alert\(|steal\(\)|evil\.example|javascript:/);
      for (const path of [
        "/pt/2026/01/15/acordo-retirada-iraque",
        "/es/2026/01/15/acuerdo-retirada-irak",
        "/en/about",
        "/pt/quem-somos",
        "/es/quienes-somos",
      ]) {
        assert.equal((await app.inject({ url: path })).statusCode, 200, path);
      }
    });

    test("comments are threaded and inert; the pending one waits in the moderation queue only", async () => {
      const response = await app.inject({ url: "/en/2026/01/15/iraq-withdrawal-deal/comments" });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /A first reading of the deal\./);
      assert.match(response.body, /Replying to Layla: agreed\./);
      assert.match(response.body, /Look here now/);
      assert.doesNotMatch(
        response.body,
        /pwned|onclick|Waiting for a moderator|Cheap pills|Deleted by the author/,
      );
      const rows = await handle.db
        .selectFrom("comments")
        .leftJoin("comments as parent", "parent.id", "comments.parentId")
        .select(["comments.authorName", "comments.status", "comments.authorEmail", "comments.emailHash"])
        .select(["parent.authorName as parent"])
        .orderBy("comments.createdAt")
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.authorName, r.status, r.parent]),
        [
          ["Layla", "approved", null],
          ["Omar", "approved", "Layla"],
          ["Pending Person", "pending", null],
          ["Mallory", "approved", "Omar"],
        ],
      );
      // The moderators' queue holds the pending one, and only it.
      const editor = { id: 1, role: "editor" as const, editions: [] };
      const pending = await new ModerationQueue(handle.db).queue(editor, "en", "pending");
      assert.deepEqual(
        pending.items.map((item) => item.authorName),
        ["Pending Person"],
      );
      // The e-mail hashed as posted comments' are, with the data directory's secret.
      const secret = persistentSecret({ dataDir }, "comments");
      assert.equal(rows[0]?.emailHash, new CommentHasher(secret).email("layla@example.org"));
    });

    test("drafts, private and scheduled posts are not public; a post without a language is in the default edition", async () => {
      const statuses = await handle.db.selectFrom("articles").select(["slug", "status", "edition"]).execute();
      const bySlug = Object.fromEntries(statuses.map((a) => [a.slug, `${a.edition} ${a.status}`]));
      assert.equal(bySlug["unfinished-draft"], "en draft");
      assert.equal(bySlug["private-memo"], "en draft");
      assert.equal(bySlug["scheduled-next-year"], "en scheduled");
      assert.equal(bySlug["no-language"], "en published");
      assert.equal(bySlug["article-francais"], undefined);
      assert.equal((await app.inject({ url: "/en/2027/01/05/scheduled-next-year" })).statusCode, 404);
    });

    test("old URLs answer 301 to the new ones: permalinks and ?p= links", async () => {
      const cases = [
        ["/2026/01/15/iraq-withdrawal-deal/", "/en/2026/01/15/iraq-withdrawal-deal"],
        ["/pt/2026/01/15/acordo-retirada-iraque/", "/pt/2026/01/15/acordo-retirada-iraque"],
        ["/?p=103", "/es/2026/01/15/acuerdo-retirada-irak"],
        ["/about/", "/en/about"],
        ["/pt/quem-somos/", "/pt/quem-somos"],
      ];
      for (const [old, now] of cases) {
        const response = await app.inject({ url: old });
        assert.equal(response.statusCode, 301, old);
        assert.equal(response.headers.location, `http://tribune.test${now}`, old);
      }
      // A draft's old link leads nowhere; an unknown one is the site's own 404.
      assert.equal((await app.inject({ url: "/?p=104" })).statusCode !== 301, true);
      assert.equal((await app.inject({ url: "/2026/01/16/never-was/" })).statusCode !== 301, true);
    });

    test("importing it twice changes nothing", async () => {
      const before = await fingerprint(handle.db);
      const second = await importCli(dataDir, shared.url);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /posts: 0 imported, 0 updated, 10 skipped/);
      assert.match(second.stdout, /9 skipped: unchanged/);
      assert.deepEqual(await fingerprint(handle.db), before);
      const runs = await handle.db.selectFrom("importRuns").selectAll().orderBy("id").execute();
      assert.deepEqual(
        runs.map((r) => r.status),
        ["finished", "finished"],
      );
      assert.equal(JSON.parse(runs[0]?.counts ?? "{}").post.imported, 9);
    });

    test("a run stopped half way, run again, ends as a clean import does", async () => {
      const clean = await fingerprint(handle.db);
      const other = await database.create(await mkdtemp(join(tmpdir(), "tribune-wp-resume-")));
      const resumed = await openDatabase(other.url);
      try {
        await migrateToLatest(resumed);
        const config = configFor(dataDir, other.url);
        await syncEditions(resumed.db, config.editions);
        const importer = (stopAfter?: number) =>
          new WordpressImport({
            db: resumed.db,
            media: new MediaService({ db: resumed.db, mediaStore: openMediaStore(config) }),
            commentHasher: new CommentHasher(persistentSecret({ dataDir }, "comments")),
            editions: config.editions.map((e) => e.code),
            defaultEdition: config.defaultEdition.code,
            mediaDir: UPLOADS,
            stopAfter,
          });
        const stopped = await importer(4).run(EXPORT);
        assert.equal(stopped.stopped, true);
        assert.ok((await resumed.db.selectFrom("articles").select("id").execute()).length < 9);
        const finished = await importer().run(EXPORT);
        assert.equal(finished.stopped, false);
        const fp = await fingerprint(resumed.db);
        // Media rows are numbered by the database: compare what they are, not their ids.
        assert.deepEqual(withoutHeroIds(fp), withoutHeroIds(clean));
        const runs = await resumed.db.selectFrom("importRuns").select("status").orderBy("id").execute();
        assert.deepEqual(
          runs.map((r) => r.status),
          ["stopped", "finished"],
        );
      } finally {
        await resumed.close();
        await other.drop();
      }
    });

    test("a dry run stores nothing, and a file that is not an export is refused clearly", async () => {
      const before = await fingerprint(handle.db);
      const dry = await importCli(dataDir, shared.url, "--dry-run");
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /Dry run of the import/);
      assert.deepEqual(await fingerprint(handle.db), before);
      const notXml = join(dataDir, "not-an-export.xml");
      await writeFile(notXml, "<html><body>hello</body></html>");
      const refused = await runTribune(["import", "wordpress", notXml], {
        DATA_DIR: dataDir,
        DATABASE_URL: shared.url,
      });
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /is not a WordPress export \(WXR\) we can read: the document is <html>, not <rss>/,
      );
      assert.deepEqual(await fingerprint(handle.db), before);
    });

    test("a category and its Polylang translations are one tag, named in each edition", async () => {
      const tags = await handle.db
        .selectFrom("tags")
        .select(["id", "key"])
        .where("key", "in", ["wp-category-news", "wp-category-noticias", "wp-category-noticias-es"])
        .execute();
      assert.deepEqual(
        tags.map((t) => t.key),
        ["wp-category-news"],
      );
      const names = await handle.db
        .selectFrom("tagNames")
        .select(["edition", "name", "slug"])
        .where("tagId", "=", tags[0]?.id ?? 0)
        .orderBy("edition")
        .execute();
      assert.deepEqual(names, [
        { edition: "en", name: "News", slug: "news" },
        { edition: "es", name: "Noticias", slug: "noticias-es" },
        { edition: "pt", name: "Notícias", slug: "noticias" },
      ]);
      const archive = await app.inject({ url: "/pt/tag/noticias" });
      assert.equal(archive.statusCode, 200);
    });

    test("a post the export changed is updated in place, nothing duplicated, and webhooks hear of it", async () => {
      // The server's sender is stopped: the outbox rows the command writes are looked at as they are.
      await app.webhookSender?.stop();
      const now = new Date().toISOString();
      const hook = await handle.db
        .insertInto("webhooks")
        .values({
          url: "https://hooks.example.org/tribune",
          events: JSON.stringify(["article.published", "article.updated", "article.unpublished"]),
          secret: "whsec_test",
          active: 1,
          createdAt: now,
          createdByUserId: null,
          updatedAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const deliveries = () =>
        handle.db
          .selectFrom("webhookDeliveries")
          .select(["event", "payload"])
          .where("webhookId", "=", hook.id)
          .execute();
      const changed = join(dataDir, "changed.xml");
      const xml = await readFile(EXPORT, "utf8");
      await writeFile(
        changed,
        xml.replace(
          "<title><![CDATA[Iran-backed groups will stop attacks",
          "<title><![CDATA[UPDATED: Iran-backed groups will stop attacks",
        ),
      );
      const articlesBefore = (await handle.db.selectFrom("articles").select("id").execute()).length;
      const importChanged = (...extra: string[]) =>
        runTribune(["import", "wordpress", changed, "--media-dir", UPLOADS, ...extra], {
          DATA_DIR: dataDir,
          DATABASE_URL: shared.url,
        });
      const dry = await importChanged("--dry-run");
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(await deliveries(), [], "a dry run queues nothing");
      const run = await importChanged();
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /posts: 0 imported, 1 updated, 9 skipped/);
      assert.equal((await handle.db.selectFrom("articles").select("id").execute()).length, articlesBefore);
      const page = await app.inject({ url: "/en/2026/01/15/iraq-withdrawal-deal" });
      assert.match(parsePage(page.body).querySelector("h1")?.textContent ?? "", /^UPDATED: Iran-backed/);
      assert.equal((await handle.db.selectFrom("comments").select("id").execute()).length, 4);
      // Queued by the command, for a running server's sender to deliver.
      const queued = await deliveries();
      assert.deepEqual(
        queued.map((row) => row.event),
        ["article.updated"],
      );
      const message = JSON.parse(queued[0]?.payload ?? "{}");
      assert.match(message.data.title, /^UPDATED: Iran-backed/);
      assert.match(message.data.url, /^https?:\/\/[^/]+\/en\/2026\/01\/15\/iraq-withdrawal-deal$/);
    });
  });
}

function withoutHeroIds(fp: Awaited<ReturnType<typeof fingerprint>>) {
  return {
    ...fp,
    articles: fp.articles.map((a) => ({
      ...a,
      heroMediaId: a.heroMediaId === null ? null : "a picture",
      body: a.body.replace(/"mediaId":\d+/g, '"mediaId":0'),
    })),
  };
}
