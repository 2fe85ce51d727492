import { rebuildArticleTerms } from "../content/article-terms.ts";
import type { Db } from "../db/database.ts";
import type { DerivedData } from "../db/migrate.ts";
import { refreshSearchText } from "../media/media-service.ts";

/** How each kind of derived data is made again from what is stored (the compiler wants every kind). */
const REBUILD: Record<DerivedData, (db: Db) => Promise<unknown>> = {
  "media-search-text": async (db) => {
    const rows = await db.selectFrom("media").select("id").orderBy("id").execute();
    for (const { id } of rows) await refreshSearchText(db, id);
  },
  "article-terms": (db) => rebuildArticleTerms(db),
};

/** Rebuilds `kinds`, in the order given (after migrations that left them empty). */
export async function rebuildDerivedData(db: Db, kinds: readonly DerivedData[]): Promise<void> {
  for (const kind of kinds) await REBUILD[kind](db);
}
