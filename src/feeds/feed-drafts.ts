import { createStoryWithArticle } from "../articles/create-story-with-article.ts";
import type { Db } from "../db/database.ts";
import type { AgencyFeedRow } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { wordpressBody } from "../shared/body/wordpress-body.ts";
import { type DuplicateKeys, duplicateKeysOf, type FeedItem } from "./feed-item.ts";
import { escapeXml } from "./feed-parser.ts";

/** Whether an item was seen before, in this feed or another: by guid, then link, then title. */
export async function isDuplicate(db: Db, keys: DuplicateKeys): Promise<boolean> {
  const found = await db
    .selectFrom("agencyFeedItems")
    .select("id")
    .where((eb) =>
      eb.or([
        ...(keys.guidKey ? [eb("guidKey", "=", keys.guidKey)] : []),
        ...(keys.linkKey ? [eb("linkKey", "=", keys.linkKey)] : []),
        eb("titleKey", "=", keys.titleKey),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Writes a new item as a draft (a new story with its original article) in the feed's edition, with
 * the feed's source as attribution, the photo as hero, and a last paragraph linking to the original;
 * the item's keys are written in the same transaction, so an item is never drafted twice and a
 * failure leaves neither. Resolves false when another poll wrote the same item first.
 */
export async function writeDraft(
  db: Db,
  feed: AgencyFeedRow,
  item: FeedItem,
  heroMediaId: number | null,
): Promise<boolean> {
  const keys = duplicateKeysOf(item);
  return inTransaction(db, async (trx) => {
    if (await isDuplicate(trx, keys)) return false;
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("agencyFeedItems")
      .values({
        ...keys,
        feedId: feed.id,
        edition: feed.edition,
        title: item.title,
        link: item.link,
        createdAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { article } = await createStoryWithArticle(
      trx,
      { originalEdition: feed.edition, sourceId: feed.sourceId, heroMediaId },
      {
        title: item.title.slice(0, 300),
        summary: item.summary?.slice(0, 1000) ?? null,
        body: bodyOf(item, feed),
      },
    );
    await trx.updateTable("agencyFeedItems").set({ articleId: article.id }).where("id", "=", id).execute();
    return true;
  });
}

function bodyOf(item: FeedItem, feed: AgencyFeedRow) {
  const original =
    item.link && /^https?:\/\//i.test(item.link)
      ? `<p>Original: <a href="${escapeXml(item.link)}">${escapeXml(feed.name)}</a></p>`
      : "";
  const html = item.html.trim() || (item.summary ? `<p>${escapeXml(item.summary)}</p>` : "");
  return wordpressBody(`${html}${original}`, { picture: () => undefined, story: () => undefined }).doc;
}
