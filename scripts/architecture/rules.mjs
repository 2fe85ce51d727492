// The layout's rules, checked by `npm run check` (scripts/check-architecture.mjs). ARCHITECTURE.md
// explains them; this file is what the build holds the code to.

/**
 * The top-level folders of src/ (and its root files, by name) from the bottom up: a folder may import
 * from folders below it and never from one above, so there is no cycle between folders. A new folder
 * must be given its place here before the check passes.
 */
export const LAYERS = [
  "shared", // errors, ids, i18n, text analysis, the body document model: imports nothing of ours
  "mail", // the site's SMTP settings and mailer: readers' sign-in links, newsroom password resets
  "db", // Kysely, the two dialects, schema, migrations, the search engines
  "editions",
  "accounts", // newsroom users, sessions and sign-in; roles and the read and write rules; the audit log
  "http", // HTTP plumbing any route uses: compression, conditional GET, error answers
  "content", // the one write path: the unit of work, the indexes it keeps, the change it announces
  "cache", // content changes, surrogate keys, the page cache, purges
  "media",
  "embeds", // embedded posts and videos: the providers allowed, their oEmbed data fetched once, thumbnails in the library
  "articles",
  "related",
  "tags",
  "search",
  "authors",
  "pages", // simple pages (about, contact, privacy…) per edition, with their translations and the footer's list
  "sources",
  "promotions",
  "comments",
  "live", // live coverage: a story's timestamped updates per edition, and each process's hub of event streams
  "webhooks", // signed deliveries of content events to URLs admins registered: the outbox and its sender
  "feeds", // agency feeds (RSS, Atom, ninjs) polled by one process, each new item a draft in its edition's queue
  "audience", // views and promotion clicks counted without a cookie, in batches; the "most read" lists; the reports on them
  "frontpage", // editors' arrangement of each edition's front page: pins and the blocks' order
  "newsletters", // per-edition newsletters: double opt-in sign-ups, digests sent in batches that survive a restart, bounces
  "settings", // the site's settings as admins changed them over the environment's: name, logo, editions' time zones
  "config", // the environment, read once and validated, for the site, the newsroom and the commands
  "backup", // a consistent copy of a running site (database, media, secrets) and its restore
  "site", // the reader site: pages, comments, search, feeds, sitemaps
  "newsroom", // the back office
  "api", // the HTTP API: api/read (published content, reader side) and api/admin (writing, with tokens)
  "seed",
  "import", // moving a site in: the WordPress export read as a stream, written through the services above
  "metrics", // Prometheus metrics of a serving process (requests by route, page cache, pool, job lag) and their port
  "app", // the wiring
  "cli",
];

/** What readers are served never reaches the newsroom, not even through another folder. */
export const READER_SIDE = ["site", "api/read"];
export const NEWSROOM = "newsroom";

/** Packages that speak to a database: only `src/db/` may import them. */
export const DATABASE_DRIVERS = ["better-sqlite3", "pg", "pg-cursor", "pg-pool"];

/**
 * Migrations are frozen history: they may use Kysely, Node, one another and the dialect adapter the
 * migrator hands them, never today's features (renaming one would change what an old migration does).
 */
export const MIGRATIONS = "src/db/migrations/";
export const MIGRATION_MAY_IMPORT = [MIGRATIONS, "src/db/dialect-adapter.ts"];
export const MIGRATION_PACKAGES = ["kysely"];

/**
 * Browser code: typed by tsconfig.client.json (with the DOM, without Node) and imported by no server
 * code. It may import modules written for both sides (the body's model, the editor's JSON types);
 * the client's type check keeps those free of Node.
 */
export const CLIENT_CODE = /^src\/(?:.+\/)?client\//;

/** Files the rules do not apply to: tests may reach anywhere to set up and to look. */
export const EXEMPT = /(?:\.test\.tsx?|[-.]test-support\.tsx?)$/;
