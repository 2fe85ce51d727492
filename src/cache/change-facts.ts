import type { Db } from "../db/database.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { ContentChange } from "../shared/content-events.ts";
import type { ChangeFacts } from "./surrogate-keys.ts";

/**
 * Reads what keysForChange needs that the event does not carry: the publication time, edition of the changed articles and of the other articles of the changed stories. One indexed query.
 */
export async function loadChangeFacts(
  db: Db,
  editions: Editions,
  change: ContentChange,
): Promise<ChangeFacts> {
  const now = new Date().toISOString();
  const timeZoneOf = (code: string) => editions.find(code)?.timeZone ?? "UTC";
  if (change.articleIds.length === 0 && change.storyIds.length === 0) {
    return { articles: [], timeZoneOf, now };
  }
  const articles = await db
    .selectFrom("articles")
    .select(["id", "storyId", "edition", "status", "publishedAt"])
    .where((eb) =>
      eb.or([
        ...(change.articleIds.length > 0 ? [eb("id", "in", change.articleIds)] : []),
        ...(change.storyIds.length > 0 ? [eb("storyId", "in", change.storyIds)] : []),
      ]),
    )
    .execute();
  return { articles, timeZoneOf, now };
}
