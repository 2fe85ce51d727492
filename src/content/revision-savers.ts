import type { Db } from "../db/database.ts";

/**
 * Who saved an article's first revision (who wrote it: its owner) or its latest one (who last
 * changed it). Null for revisions made by the seed, an import or the command line.
 */
export async function revisionSaverId(
  db: Db,
  articleId: number,
  which: "first" | "latest",
): Promise<number | null> {
  const revision = await db
    .selectFrom("articleRevisions")
    .select("savedByUserId")
    .where("articleId", "=", articleId)
    .orderBy("number", which === "first" ? "asc" : "desc")
    .limit(1)
    .executeTakeFirst();
  return revision?.savedByUserId ?? null;
}
