import type { Actor } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow, ArticleStatus } from "../../db/schema.ts";
import type { Edition } from "../../editions/edition.ts";
import { SiteUrls } from "../../editions/site-urls.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { WorkflowService } from "./workflow-service.ts";

let counter = 0;

/** A new story with its English original as a draft, first saved by `ownerUserId`. */
export async function createDraft(
  db: Db,
  ownerUserId: number | null,
  options: { title?: string; paragraphs?: string[]; edition?: string } = {},
): Promise<ArticleRow> {
  counter += 1;
  const edition = options.edition ?? "en";
  const story = await new StoryService(db).createStory({ originalEdition: edition });
  return new ArticleService(db).createArticle({
    storyId: story.id,
    edition,
    title: options.title ?? `Workflow test story ${counter} ${Date.now().toString(36)}`,
    summary: "A summary of the story.",
    body: bodyFromParagraphs(options.paragraphs ?? ["The first paragraph of the story.", "A second one."]),
    savedByUserId: ownerUserId,
  });
}

/** Moves a draft to `status` through the workflow, as an admin would. */
export async function moveTo(
  db: Db,
  admin: Actor,
  article: ArticleRow,
  status: ArticleStatus,
): Promise<ArticleRow> {
  const workflow = new WorkflowService(db);
  switch (status) {
    case "draft":
      return article;
    case "review":
      return workflow.submitForReview(admin, article.id);
    case "scheduled":
      return workflow.schedule(admin, article.id, new Date(Date.now() + 3_600_000));
    case "published":
      return workflow.publish(admin, article.id);
    case "unpublished":
      await workflow.publish(admin, article.id);
      return workflow.unpublish(admin, article.id);
  }
}

/** The reader's address of a published article (edition prefix included). */
export function readerPath(publicUrl: string, edition: Edition, article: ArticleRow): string {
  if (!article.publishedAt) throw new Error(`article ${article.id} has no publication time`);
  return edition.prefix + new SiteUrls(publicUrl).articlePath(edition, article.publishedAt, article.slug);
}
