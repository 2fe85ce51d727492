import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * What an import (`tribune import wordpress`) brought in, and each run of it.
 *
 * `import_items`: one row per item of a source ("wordpress:<site url>") and kind (post, page,
 * attachment, comment, author, term) that now lives in Tribune as `tribune_id`, with the hash of the
 * item as last imported: a rerun skips an unchanged item and updates a changed one, and a run stopped
 * half way resumes where it stopped. `group_key` is the item's translation group (Polylang), so the
 * translations of one post find the story the first of them became; `old_path` is the path the post
 * had on the old site, so old links keep answering.
 *
 * `import_runs`: started, finished, the counts per kind and outcome, and the errors, as JSON.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("import_items")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("tribune_id", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("group_key", "text")
    .addColumn("old_path", "text")
    .addColumn("imported_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_items_pk", ["source", "kind", "source_id"])
    .execute();
  await db.schema
    .createIndex("import_items_group_idx")
    .on("import_items")
    .columns(["source", "kind", "group_key"])
    .execute();
  await db.schema.createIndex("import_items_old_path_idx").on("import_items").column("old_path").execute();
  await adapter
    .addIdColumn(db.schema.createTable("import_runs"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("dry_run", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("counts", "text", (c) => c.notNull())
    .addColumn("errors", "text", (c) => c.notNull())
    .execute();
}
