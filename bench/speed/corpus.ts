// The benchmark's corpus: N synthetic stories in a SQLite file, or a PostgreSQL database, kept
// between runs (seeding 100,000 takes a few minutes), and the URLs each scenario loads.
import { rmSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { type Config, persistentSecret } from "../../src/config.ts";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import {
  GUARDED_SECRETS,
  type GuardedSecret,
  resetSecretFingerprint,
} from "../../src/db/secret-fingerprints.ts";
import { syncEditions } from "../../src/editions/edition-service.ts";
import { SiteUrls } from "../../src/editions/site-urls.ts";
import { seedSynthetic } from "../../src/seed/synthetic/synthetic-seed.ts";

const SEED = 1;
export const ARCHIVE_PAGE_SIZE = 20;

/**
 * Opens (seeding when needed) the corpus of exactly `stories` synthetic stories at `url`: a SQLite
 * file (`sqlite:<file>`), or a PostgreSQL database of its own (`postgres://…/<name>`, created when
 * missing).
 */
export async function openCorpus(url: string, stories: number, config: Config): Promise<DatabaseHandle> {
  const postgres = url.startsWith("postgres");
  if (postgres) await createPostgresDatabase(url);
  let database = await openMigrated(url, config);
  const have = await countStories(database);
  const where = describeCorpus(url);
  if (have === stories) {
    process.stderr.write(`corpus: reusing ${where} (${stories} stories)\n`);
    await acceptSecrets(database, config);
    return database;
  }
  if (have > 0) {
    // Another size (or an interrupted run) would leave dates that do not follow on: start again.
    await database.close();
    if (postgres) {
      await dropPostgresDatabase(url);
      await createPostgresDatabase(url);
    } else {
      const file = url.slice("sqlite:".length);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    }
    database = await openMigrated(url, config);
  }
  process.stderr.write(`corpus: seeding ${stories} stories into ${where}\n`);
  const until = new Date();
  until.setUTCMinutes(0, 0, 0);
  const started = Date.now();
  await seedSynthetic(database, {
    count: stories,
    seed: SEED,
    editions: config.editions.map((e) => e.code),
    until,
    onProgress: (done, total) => process.stderr.write(`\r  ${done}/${total} stories`),
  });
  process.stderr.write(`\n  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (postgres) {
    // As a server that has run a while would have it (autovacuum): visibility map and statistics.
    await sql`vacuum analyze`.execute(database.db);
  } else {
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    await sql`analyze`.execute(database.db);
  }
  await acceptSecrets(database, config);
  return database;
}

/**
 * Each run has a data directory of its own, hence new secrets, and a database used with other
 * secrets refuses to start (src/db/secret-fingerprints.ts). The corpus is synthetic: nothing
 * keyed with an earlier secret is worth keeping, so it accepts this run's.
 */
async function acceptSecrets(database: DatabaseHandle, config: Config): Promise<void> {
  for (const name of Object.keys(GUARDED_SECRETS) as GuardedSecret[]) {
    await resetSecretFingerprint(database.db, name, persistentSecret(config, name));
  }
}

/** The PostgreSQL database of the speed benchmark's corpus on the server at `serverUrl`. */
export function postgresCorpusUrl(serverUrl: string, stories: number): string {
  const url = new URL(serverUrl);
  url.pathname = `/tribune_bench_${stories}`;
  return url.href;
}

function describeCorpus(url: string): string {
  return url.startsWith("sqlite:")
    ? url.slice("sqlite:".length)
    : url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Works on the server's maintenance database (`postgres`), where databases are created and dropped. */
export async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: "${name}"`);
  return name;
}

function createPostgresDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  return onServer(url, async (client) => {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  });
}

function dropPostgresDatabase(url: string): Promise<void> {
  return onServer(url, async (client) => {
    await client.query(`drop database if exists ${databaseName(url)} with (force)`);
  });
}

async function openMigrated(url: string, config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase(url);
  await migrateToLatest(database);
  await syncEditions(database.db, config.editions);
  return database;
}

async function countStories(database: DatabaseHandle): Promise<number> {
  const row = await database.db
    .selectFrom("stories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "like", `syn-${SEED}-%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ArchiveChoice {
  tagId: number;
  slug: string;
  /** How many articles the archive lists in the edition. */
  listed: number;
}

export interface Scenarios {
  hotArticle: string;
  /** Two disjoint lists of distinct articles: one per Accept-Encoding, so both runs mostly miss. */
  articleSets: [string[], string[]];
  front: string;
  archive: ArchiveChoice;
  archiveFirst: string;
  archiveDeep: string;
  /** Which page `archiveDeep` is (500, or the deepest the corpus has). */
  archiveDeepPage: number;
  search: string;
}

/**
 * The content API's address of an article page (`/en/2026/03/04/slug` →
 * `/api/v1/editions/en/articles/slug`): the same article, as JSON.
 */
export function apiArticlePath(pagePath: string): string {
  const match = /^\/([a-z]{2}(?:-[a-z]{2})?)\/\d{4}\/\d{2}\/\d{2}\/([^/?]+)$/.exec(pagePath);
  if (!match) throw new Error(`not an article page's path: ${pagePath}`);
  return `/api/v1/editions/${match[1]}/articles/${match[2]}`;
}

/** A deterministic shuffle, so every run loads the same pages. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The URLs of every scenario, read from the corpus. */
export async function chooseScenarios(
  database: DatabaseHandle,
  config: Config,
  distinct: number,
  deepPage: number,
): Promise<Scenarios> {
  const now = new Date().toISOString();
  const urls = new SiteUrls(config.publicUrl);
  const editionOf = (code: string) => {
    const edition = config.editions.find((e) => e.code === code);
    if (!edition) throw new Error(`edition ${code} is not configured`);
    return edition;
  };
  const en = editionOf("en");
  const articlePath = (row: { edition: string; slug: string; publishedAt: string | null }) => {
    const edition = editionOf(row.edition);
    return urls.href(edition, urls.articlePath(edition, row.publishedAt ?? "", row.slug), edition);
  };
  const articles = await database.db
    .selectFrom("articles")
    .select(["id", "edition", "slug", "publishedAt"])
    .where("status", "=", "published")
    .where("publishedAt", "<=", now)
    .orderBy("id")
    .execute();
  const hot = articles
    .filter((a) => a.edition === "en")
    .reduce((a, b) => ((a.publishedAt ?? "") >= (b.publishedAt ?? "") ? a : b));
  const others = shuffled(
    articles.filter((a) => a.id !== hot.id),
    42,
  ).map(articlePath);
  const perSet = Math.min(distinct, Math.floor(others.length / 2));

  const biggest = await database.db
    .selectFrom("tagListings")
    .innerJoin("tagNames", (join) =>
      join.onRef("tagNames.tagId", "=", "tagListings.tagId").on("tagNames.edition", "=", "en"),
    )
    .select(["tagListings.tagId", "tagNames.slug", (eb) => eb.fn.countAll<number>().as("listed")])
    .where("tagListings.edition", "=", "en")
    .where("tagListings.publishedAt", "<=", now)
    .groupBy(["tagListings.tagId", "tagNames.slug"])
    .orderBy("listed", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const archive = { tagId: biggest.tagId, slug: biggest.slug, listed: Number(biggest.listed) };
  const pages = Math.max(1, Math.ceil(archive.listed / ARCHIVE_PAGE_SIZE));
  const page = Math.min(deepPage, pages);
  const archiveFirst = urls.href(en, urls.tagPath(archive.slug), en);
  return {
    hotArticle: articlePath(hot),
    articleSets: [others.slice(0, perSet), others.slice(perSet, 2 * perSet)],
    front: urls.href(en, "/", en),
    archive,
    archiveFirst,
    archiveDeep: await archivePageUrl(database, archive.tagId, "en", page, now, archiveFirst),
    archiveDeepPage: page,
    search: `${urls.href(en, "/search", en)}?q=${encodeURIComponent("election results")}`,
  };
}

/**
 * The URL of page `page` of a tag archive, as readers reach it by "older" links: `?before=` the
 * last story of the page above. (OFFSET here is the benchmark finding the cursor, not Tribune.)
 */
export async function archivePageUrl(
  database: DatabaseHandle,
  tagId: number,
  edition: string,
  page: number,
  now: string,
  first: string,
): Promise<string> {
  if (page <= 1) return first;
  const row = await database.db
    .selectFrom("tagListings")
    .select(["publishedAt", "articleId"])
    .where("tagId", "=", tagId)
    .where("edition", "=", edition)
    .where("publishedAt", "<=", now)
    .orderBy("publishedAt", "desc")
    .orderBy("articleId", "desc")
    .offset((page - 1) * ARCHIVE_PAGE_SIZE - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  return `${first}?before=${row.publishedAt}_${row.articleId}`;
}
