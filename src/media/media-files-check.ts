import { stat } from "node:fs/promises";
import { relative } from "node:path";
import type { Db } from "../db/database.ts";
import { MediaStorage } from "./media-storage.ts";

const PAGE = 1_000;

/**
 * Every media file the database refers to (each picture's original and its resized variants) that
 * is not under `mediaDir`, by its path there. Read a page at a time: a library may be large.
 */
export async function missingMediaFiles(db: Db, mediaDir: string): Promise<string[]> {
  const storage = new MediaStorage(mediaDir);
  const missing: string[] = [];
  const check = async (path: string) => {
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) missing.push(relative(storage.root, path));
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
      await check(storage.originalPath(row.storageKey));
      const variants = await db
        .selectFrom("mediaVariants")
        .select("file")
        .where("mediaId", "=", row.id)
        .execute();
      for (const variant of variants) await check(storage.variantPath(variant.file));
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  return missing;
}
