import { type Kysely, sql } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * Author profiles and bylines. An author gets a photo (from the media library), links and a bio
 * per edition (`authors.bio` stays as the default bio, shown where an edition has none of its own).
 * A newsroom user may be linked to their author profile, and an invitation may ask for one to be
 * created. Bylines move from the article to the story (`story_authors`, one or several, ordered):
 * every edition's article shows the same people. `articles.author_id` is kept, written in sync with
 * the first byline, for what still reads it (search texts); the bylines are read from `story_authors`.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  const schema = db.schema;

  await schema
    .alterTable("authors")
    .addColumn("photo_media_id", "integer", (c) => c.references("media.id").onDelete("set null"))
    .execute();
  // JSON array of { label, url } (http and https only, checked by the service).
  await schema
    .alterTable("authors")
    .addColumn("links", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();

  await schema
    .createTable("author_bios")
    .addColumn("author_id", "integer", (c) => c.notNull().references("authors.id").onDelete("cascade"))
    .addColumn("edition", "text", (c) => c.notNull().references("editions.code"))
    .addColumn("bio", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("author_bios_pk", ["author_id", "edition"])
    .execute();

  await schema
    .alterTable("users")
    .addColumn("author_id", "integer", (c) => c.references("authors.id").onDelete("set null"))
    .execute();
  // One account per profile; NULLs (users without one) do not collide in either dialect.
  await schema.createIndex("users_author_id_unique").on("users").column("author_id").unique().execute();

  // The name of the author profile to create for the invitee when they accept; null for none.
  await schema.alterTable("invites").addColumn("author_name", "text").execute();

  await schema
    .createTable("story_authors")
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("authors.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("story_authors_pk", ["story_id", "author_id"])
    .execute();
  await schema
    .createIndex("story_authors_author_idx")
    .on("story_authors")
    .columns(["author_id", "story_id"])
    .execute();

  // Each story's bylines from its articles' authors, in the order its articles were written.
  await sql`
    insert into story_authors (story_id, author_id, position)
    select story_id, author_id, row_number() over (partition by story_id order by min(id)) - 1
    from articles
    where author_id is not null
    group by story_id, author_id`.execute(db);
}
