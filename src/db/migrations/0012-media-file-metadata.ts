import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * What an uploaded photo said about itself (IPTC, XMP, EXIF): the date it was taken, kept and shown
 * in the newsroom, and the caption and credit read from the file, so the picture's page can say which
 * of its texts still are the file's. Pictures uploaded before have none.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema.alterTable("media").addColumn("taken_at", "text").execute();
  await db.schema.alterTable("media").addColumn("file_caption", "text").execute();
  await db.schema.alterTable("media").addColumn("file_credit", "text").execute();
}
