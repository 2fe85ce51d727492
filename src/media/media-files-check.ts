import type { Db } from "../db/database.ts";
import { type MediaStore, originalKey, variantKey } from "./media-store.ts";

const PAGE = 1_000;

/**
 * Every media file the database refers to (each picture's original and its resized variants) that
 * is not in the store, by its key there (`originals/…`, `variants/…`). Read a page at a time: a
 * library may be large.
 */
export async function missingMediaFiles(db: Db, store: MediaStore): Promise<string[]> {
  const missing: string[] = [];
  const check = async (key: string) => {
    if (!(await store.head(key))) missing.push(key);
  };
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom("media")
      .select(["id", "storageKey"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      await check(originalKey(row.storageKey));
      const variants = await db
        .selectFrom("mediaVariants")
        .select("file")
        .where("mediaId", "=", row.id)
        .execute();
      for (const variant of variants) await check(variantKey(variant.file));
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  return missing;
}
