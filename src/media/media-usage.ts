import type { ArticleCondition } from "../accounts/authorization/readable-articles.ts";
import type { Db } from "../db/database.ts";
import type { ArticleStatus } from "../db/schema.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import { collectBodyReferences } from "../shared/body/body-text.ts";

export interface UsingArticle {
  articleId: number;
  storyId: number;
  edition: string;
  title: string;
  status: ArticleStatus;
}

/** Where a picture appears: before replacing or re-captioning it, an editor sees what changes. */
export interface MediaUsage {
  /** Articles whose story has it as the hero photo (the hero is shared by the story's editions). */
  asHero: UsingArticle[];
  /** Articles with a figure of it in their body. */
  inBody: UsingArticle[];
  promotions: { id: number; headline: string }[];
}

/** Enough for a page; a picture used more widely than this is said to be so. */
export const USAGE_LIMIT = 100;

/**
 * Finds the articles and promotions that show picture `mediaId`; of the articles, only those meeting
 * `readable` (the ones the person asking may read: readableArticles).
 *
 * Heroes and promotions are foreign keys. Figures live inside the body's JSON text, which
 * article-service always writes with JSON.stringify of a validated document: a figure's attrs are
 * exactly `{"mediaId":7}` or `{"mediaId":7,"caption":…}`, so the picture's id is followed by `,` or
 * `}` — `"mediaId":7` alone would also find 70 and 712. Text typed into a paragraph cannot look
 * like this, since its quotes are escaped (`\"mediaId\":7`). The two LIKE patterns are only a
 * filter (a scan of the articles, acceptable on a newsroom page); every candidate body is then
 * parsed and its figures read, so what is listed is exact whatever the text holds.
 */
export async function findMediaUsage(
  db: Db,
  mediaId: number,
  readable: ArticleCondition,
): Promise<MediaUsage> {
  const columns = [
    "articles.id as articleId",
    "articles.storyId",
    "articles.edition",
    "articles.title",
    "articles.status",
  ] as const;
  const [asHero, candidates, promotions] = await Promise.all([
    db
      .selectFrom("articles")
      .innerJoin("stories", "stories.id", "articles.storyId")
      .select(columns)
      .where("stories.heroMediaId", "=", mediaId)
      .where(readable)
      .orderBy("articles.storyId", "desc")
      .orderBy("articles.edition")
      .limit(USAGE_LIMIT)
      .execute(),
    db
      .selectFrom("articles")
      .select([...columns, "articles.body"])
      .where((eb) =>
        eb.or([
          eb("articles.body", "like", `%"mediaId":${mediaId},%`),
          eb("articles.body", "like", `%"mediaId":${mediaId}}%`),
        ]),
      )
      .where(readable)
      .orderBy("articles.id", "desc")
      .limit(USAGE_LIMIT)
      .execute(),
    db
      .selectFrom("promotions")
      .select(["id", "headline"])
      .where("mediaId", "=", mediaId)
      .orderBy("id")
      .limit(USAGE_LIMIT)
      .execute(),
  ]);
  const inBody = candidates
    .filter((article) => figuresOf(article.body).includes(mediaId))
    .map(({ body: _body, ...article }) => article);
  return { asHero, inBody, promotions };
}

function figuresOf(body: string): number[] {
  try {
    return collectBodyReferences(JSON.parse(body) as BodyDocument).mediaIds;
  } catch {
    return [];
  }
}
