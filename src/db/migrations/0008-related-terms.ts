import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * A fast cache miss: each visible article's heaviest terms, stored when it is published or edited,
 * so that "more on this" compares stored terms instead of tokenizing dozens of bodies per render;
 * promotions and front-page tags found through an index rather than by reading them all.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("article_terms")
    .addColumn("article_id", "integer", (c) => c.primaryKey().references("articles.id").onDelete("cascade"))
    .addColumn("story_id", "integer", (c) => c.notNull())
    .addColumn("terms", "text", (c) => c.notNull())
    .addColumn("tag_ids", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("promotions_placement_idx").on("promotions").column("placement").execute();
  await db.schema.createIndex("tags_kind_idx").on("tags").column("kind").execute();
}

/** Articles already there (the demo's, a site's older ones) get their terms once it has run. */
export const rebuilds = ["article-terms"] as const;
