import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { ArticleRow, StoryRow } from "../db/schema.ts";
import { type ArticleInput, ArticleService } from "./article-service.ts";
import { type StoryInput, StoryService } from "./story-service.ts";

export interface StoryWithArticle {
  story: StoryRow;
  article: ArticleRow;
}

/**
 * A new story and its original article (a draft with its first revision), in one transaction: no
 * one ever sees the story without its article, and a process killed halfway leaves neither. Written
 * in two transactions, a kill between them left stories with no article behind.
 */
export async function createStoryWithArticle(
  db: Db,
  story: StoryInput,
  article: Omit<ArticleInput, "storyId" | "edition">,
): Promise<StoryWithArticle> {
  // A draft: the unit refreshes the story's listings and announces nothing readers would see.
  return changeContent(db, undefined, async (trx) => {
    const created = await new StoryService(trx).createStory(story);
    const original = await new ArticleService(trx).createArticle({
      ...article,
      storyId: created.id,
      edition: created.originalEdition,
    });
    return { story: created, article: original };
  });
}
