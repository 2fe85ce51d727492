import { ArticleService } from "../../src/articles/article-service.ts";
import { StoryService } from "../../src/articles/story-service.ts";
import { AuthorService } from "../../src/authors/author-service.ts";
import type { Db } from "../../src/db/database.ts";
import { bodyFromParagraphs } from "../../src/shared/body/body-text.ts";
import { TagService } from "../../src/tags/tag-service.ts";

/** The headline of the n-th story addPicturedStories() adds. */
export const basraTitle = (n: number) => `Basra dispatch number ${n}`;

/**
 * Adds `pictured` + 1 published English stories about Basra, under Iraq and with the demo's byline,
 * a minute apart and an hour older than the demo's: the first `pictured` with the demo story's
 * photo as their hero, the last without one (its headline is returned). For lists with thumbnails.
 */
export async function addPicturedStories(db: Db, pictured: number): Promise<{ unpicturedTitle: string }> {
  const demoStory = await db
    .selectFrom("stories")
    .select("heroMediaId")
    .where("heroMediaId", "is not", null)
    .executeTakeFirstOrThrow();
  const iraq = await new TagService(db).getByKey("iraq");
  const author = await new AuthorService(db).upsertAuthor({
    name: "Tribune Newsroom",
    slug: "tribune-newsroom",
  });
  const articles = new ArticleService(db);
  for (let n = 1; n <= pictured + 1; n += 1) {
    const story = await new StoryService(db).createStory({
      originalEdition: "en",
      tagIds: [iraq.id],
      heroMediaId: n <= pictured ? demoStory.heroMediaId : null,
    });
    const article = await articles.createArticle({
      storyId: story.id,
      edition: "en",
      title: basraTitle(n),
      summary: `Iraq: what happened in Basra, part ${n}.`,
      body: bodyFromParagraphs([`Basra, Iraq: paragraph of dispatch ${n}.`]),
      authorId: author.id,
    });
    await articles.publishArticle(article.id, { at: new Date(Date.now() - (60 + n) * 60_000) });
  }
  return { unpicturedTitle: basraTitle(pictured + 1) };
}
