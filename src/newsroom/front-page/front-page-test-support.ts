import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import type { Db } from "../../db/database.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { TagService } from "../../tags/tag-service.ts";

/**
 * Older wire stories for the demo's front pages (the demo has three per edition): `count` stories
 * under News in `edition`, one an hour before now, titled "Wire story <n> (<edition>)".
 */
export async function addWireStories(db: Db, edition: string, count: number): Promise<void> {
  const news = await new TagService(db).getByKey("news");
  const articles = new ArticleService(db);
  for (let i = 1; i <= count; i += 1) {
    const story = await new StoryService(db).createStory({ originalEdition: edition, tagIds: [news.id] });
    const article = await articles.createArticle({
      storyId: story.id,
      edition,
      title: `Wire story ${i} (${edition})`,
      body: bodyFromParagraphs([`Paragraph of wire story ${i}.`]),
    });
    await articles.publishArticle(article.id, { at: new Date(Date.now() - i * 3_600_000) });
  }
}

/** The reader front page's article links, as titles, in page order (the lead, slots, latest, blocks). */
export function frontArticleTitles(document: Document): string[] {
  return [...document.querySelectorAll("main a")]
    .filter((a) => /\/\d{4}\/\d{2}\/\d{2}\//.test(a.getAttribute("href") ?? ""))
    .map((a) => a.textContent ?? "");
}
