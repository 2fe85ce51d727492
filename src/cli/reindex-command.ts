import type { Config } from "../config.ts";
import { rebuildArticleTerms } from "../content/article-terms.ts";
import { rebuildSearchIndex } from "../content/search-index.ts";
import { describeDatabase, openMigrated } from "./open-migrated.ts";

/**
 * `tribune reindex`: rebuilds the reader search index, and the terms "more on this" compares stories
 * by, from the articles, with progress on stderr.
 */
export async function reindexCommand(config: Config): Promise<number> {
  const { database } = await openMigrated(config);
  try {
    const started = Date.now();
    process.stderr.write(`Rebuilding the search index of ${describeDatabase(config.databaseUrl)}\n`);
    const progress = (done: number, total: number) => {
      const seconds = (Date.now() - started) / 1000;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      process.stderr.write(`\r  ${done}/${total} articles (${percent}%), ${seconds.toFixed(0)} s   `);
    };
    const indexed = await rebuildSearchIndex(database.db, progress);
    process.stderr.write("\n  related-story terms\n");
    await rebuildArticleTerms(database.db, progress);
    process.stderr.write("\n");
    console.log(
      `Search index rebuilt: ${indexed} articles in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
