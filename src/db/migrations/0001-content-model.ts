import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/** Editions, stories and their articles, revisions, tags, media, sources, authors, promotions. */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  const schema = db.schema;

  await schema
    .createTable("editions")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(schema.createTable("authors"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("bio", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(schema.createTable("sources"))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("short_name", "text")
    .addColumn("url", "text")
    .execute();

  await adapter
    .addIdColumn(schema.createTable("media"))
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("mime_type", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("credit", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await schema
    .createTable("media_texts")
    .addColumn("media_id", "integer", (c) => c.notNull().references("media.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("caption", "text")
    .addColumn("alt", "text")
    .addPrimaryKeyConstraint("media_texts_pk", ["media_id", "edition"])
    .execute();

  await schema
    .createTable("media_variants")
    .addColumn("media_id", "integer", (c) => c.notNull().references("media.id").onDelete("cascade"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("media_variants_pk", ["media_id", "format", "width"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("tags"))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("tags.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await schema.createIndex("tags_parent_idx").on("tags").column("parent_id").execute();

  await schema
    .createTable("tag_names")
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("tag_names_pk", ["tag_id", "edition"])
    .addUniqueConstraint("tag_names_edition_slug_uq", ["edition", "slug"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("stories"))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("original_edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("hero_media_id", "integer", (c) => c.references("media.id").onDelete("set null"))
    .addColumn("source_id", "integer", (c) => c.references("sources.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await schema
    .createTable("story_tags")
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("story_tags_pk", ["story_id", "tag_id"])
    .execute();
  await schema.createIndex("story_tags_tag_idx").on("story_tags").columns(["tag_id", "story_id"]).execute();

  await schema
    .createTable("story_related")
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("related_story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("story_related_pk", ["story_id", "related_story_id"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("articles"))
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.references("authors.id").onDelete("set null"))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision_id", "integer")
    .addColumn("based_on_revision_id", "integer")
    .addUniqueConstraint("articles_story_edition_uq", ["story_id", "edition"])
    .addUniqueConstraint("articles_edition_slug_uq", ["edition", "slug"])
    .execute();
  await schema
    .createIndex("articles_latest_idx")
    .on("articles")
    .columns(["edition", "status", "published_at", "id"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("article_revisions"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("saved_by_user_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("article_revisions_number_uq", ["article_id", "number"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("promotions"))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("placement", "text", (c) => c.notNull())
    .addColumn("headline", "text", (c) => c.notNull())
    .addColumn("text", "text")
    .addColumn("cta", "text", (c) => c.notNull())
    .addColumn("href", "text", (c) => c.notNull())
    .addColumn("media_id", "integer", (c) => c.references("media.id").onDelete("set null"))
    .addColumn("starts_at", "text")
    .addColumn("ends_at", "text")
    .addColumn("weight", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await schema
    .createTable("promotion_editions")
    .addColumn("promotion_id", "integer", (c) => c.notNull().references("promotions.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addPrimaryKeyConstraint("promotion_editions_pk", ["promotion_id", "edition"])
    .execute();

  await adapter
    .addIdColumn(schema.createTable("comments"))
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("parent_id", "integer", (c) => c.references("comments.id").onDelete("set null"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("author_email", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await schema.createIndex("comments_article_idx").on("comments").columns(["article_id", "status"]).execute();
}
