import type { Kysely, Migration, MigrationResult } from "kysely";
import { Migrator, sql } from "kysely";
import type { DatabaseHandle, Db } from "./database.ts";
import type { DialectAdapter } from "./dialect-adapter.ts";
import * as contentModel from "./migrations/0001-content-model.ts";
import * as listings from "./migrations/0002-listings-and-slug-history.ts";
import * as search from "./migrations/0003-search.ts";
import * as accounts from "./migrations/0004-accounts.ts";
import * as contentChanges from "./migrations/0005-content-changes.ts";
import * as comments from "./migrations/0006-comments.ts";
import * as mediaUploader from "./migrations/0007-media-uploader.ts";
import * as relatedTerms from "./migrations/0008-related-terms.ts";
import * as secretFingerprints from "./migrations/0009-secret-fingerprints.ts";
import * as pendingEdits from "./migrations/0010-pending-edits.ts";
import * as authorProfiles from "./migrations/0011-author-profiles.ts";
import * as mediaFileMetadata from "./migrations/0012-media-file-metadata.ts";
import * as passwordResets from "./migrations/0013-password-resets.ts";
import * as corrections from "./migrations/0014-corrections.ts";
import * as frontPage from "./migrations/0015-front-page.ts";
import * as tagManager from "./migrations/0016-tag-manager.ts";
import * as reviewNotes from "./migrations/0017-review-notes.ts";
import * as promotionTags from "./migrations/0018-promotion-tags.ts";
import * as siteSettings from "./migrations/0019-site-settings.ts";
import * as pages from "./migrations/0020-pages.ts";
import * as embeds from "./migrations/0021-embeds.ts";
import * as menuSections from "./migrations/0022-menu-sections.ts";
import * as accessTokens from "./migrations/0023-access-tokens.ts";
import * as webhooks from "./migrations/0024-webhooks.ts";
import * as contentKeys from "./migrations/0025-content-keys.ts";
import * as importRecords from "./migrations/0027-import-records.ts";
import * as agencyFeeds from "./migrations/0028-agency-feeds.ts";
import * as leases from "./migrations/0030-leases.ts";
import * as audience from "./migrations/0031-audience.ts";
import * as newsletters from "./migrations/0032-newsletters.ts";
import * as liveCoverage from "./migrations/0033-live-coverage.ts";
import * as mostRead from "./migrations/0037-most-read.ts";
import * as searchDocumentsStorage from "./migrations/0038-search-documents-storage.ts";
import * as searchWordPairs from "./migrations/0039-search-word-pairs.ts";

/**
 * Data derived from other rows by today's code (search texts, "more on this" terms). A migration
 * that adds such a column or table leaves it empty and names it in `rebuilds`, so that migrations
 * stay frozen history: they never call feature code, which changes after them. Whoever migrates a
 * database with content (src/cli/open-migrated.ts) rebuilds what the applied migrations name.
 */
export type DerivedData = "media-search-text" | "article-terms";

interface MigrationModule {
  up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void>;
  readonly rebuilds?: readonly DerivedData[];
}

/** Every migration, in order; both dialects run the same list. */
const migrations: Record<string, MigrationModule> = {
  "0001-content-model": contentModel,
  "0002-listings-and-slug-history": listings,
  "0003-search": search,
  "0004-accounts": accounts,
  "0005-content-changes": contentChanges,
  "0006-comments": comments,
  "0007-media-uploader": mediaUploader,
  "0008-related-terms": relatedTerms,
  "0009-secret-fingerprints": secretFingerprints,
  "0010-pending-edits": pendingEdits,
  "0011-author-profiles": authorProfiles,
  "0012-media-file-metadata": mediaFileMetadata,
  "0013-password-resets": passwordResets,
  "0014-corrections": corrections,
  "0015-front-page": frontPage,
  "0016-tag-manager": tagManager,
  "0017-review-notes": reviewNotes,
  "0018-promotion-tags": promotionTags,
  "0019-site-settings": siteSettings,
  "0020-pages": pages,
  "0021-embeds": embeds,
  "0022-menu-sections": menuSections,
  "0023-access-tokens": accessTokens,
  "0024-webhooks": webhooks,
  "0025-content-keys": contentKeys,
  "0027-import-records": importRecords,
  "0028-agency-feeds": agencyFeeds,
  "0030-leases": leases,
  "0031-audience": audience,
  "0032-newsletters": newsletters,
  "0033-live-coverage": liveCoverage,
  "0037-most-read": mostRead,
  "0038-search-documents-storage": searchDocumentsStorage,
  "0039-search-word-pairs": searchWordPairs,
};

/** The name of the last migration this version knows: a database migrated to the latest has it. */
export function latestKnownMigration(): string {
  return Object.keys(migrations).at(-1) as string;
}

/** The derived data the migrations `applied` left to rebuild, each once. */
export function rebuildsAfter(applied: readonly string[]): DerivedData[] {
  return [...new Set(applied.flatMap((name) => migrations[name]?.rebuilds ?? []))];
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const { error, results } = await migratorFor(handle).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r: MigrationResult) => r.status === "Success").map((r) => r.migrationName);
}

/** The migrations this code has that the database has not had yet (none: the schema is current). */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const known = await migratorFor(handle).getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function migratorFor({ db, adapter, schema }: DatabaseHandle): Migrator {
  return new Migrator({
    db,
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(migrations).map(([name, module]): [string, Migration] => [
            name,
            { up: (database) => module.up(database, adapter) },
          ]),
        ),
    },
  });
}

/** The last migration the database has had (null before the first). */
export async function latestMigrationName(db: Db): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? null;
}
