import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Listing tables that let every archive page be one index range scan, however deep the page:
 * tag_ancestors (each tag with itself and its ancestors) and tag_listings (each visible article under
 * every tag that covers it). Also the slugs an article had, so old URLs keep working.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  const schema = db.schema;

  await schema
    .createTable("tag_ancestors")
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("ancestor_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("tag_ancestors_pk", ["tag_id", "ancestor_id"])
    .execute();

  await schema
    .createTable("tag_listings")
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("tag_listings_pk", ["tag_id", "edition", "published_at", "article_id"])
    .execute();
  await schema.createIndex("tag_listings_article_idx").on("tag_listings").column("article_id").execute();

  await schema
    .createTable("article_slug_history")
    .addColumn("edition", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("article_slug_history_pk", ["edition", "slug"])
    .execute();

  // Newest-first listings of an edition, and of an author, walk these in order.
  await schema
    .createIndex("articles_edition_published_idx")
    .on("articles")
    .columns(["edition", "published_at", "id"])
    .execute();
  await schema
    .createIndex("articles_author_published_idx")
    .on("articles")
    .columns(["author_id", "edition", "published_at", "id"])
    .execute();
  await schema.createIndex("articles_story_idx").on("articles").column("story_id").execute();
  await schema.dropIndex("articles_latest_idx").execute();
}
