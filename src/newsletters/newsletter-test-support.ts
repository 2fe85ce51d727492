// Shared by the newsletter suites: articles to put in a digest, and reading the messages caught.

import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";

/** Publishes `count` stories in `edition`, `minutesAgo` minutes ago (one a minute apart, newest first). */
export async function publishStories(
  db: Db,
  edition: string,
  titles: string[],
  minutesAgo = 10,
): Promise<void> {
  const articles = new ArticleService(db);
  for (const [index, title] of titles.entries()) {
    const story = await new StoryService(db).createStory({ originalEdition: edition, tagIds: [] });
    const article = await articles.createArticle({
      storyId: story.id,
      edition,
      title,
      summary: `${title}: the summary.`,
      body: bodyFromParagraphs([`${title}: the text.`]),
    });
    await articles.publishArticle(article.id, { at: new Date(Date.now() - (minutesAgo + index) * 60_000) });
  }
}

/** A raw message's headers, folded lines unfolded, by lower-cased name. */
export function headersOf(message: string): Record<string, string> {
  const head = message.slice(0, message.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The raw message's text, quoted-printable soft breaks and escapes undone (enough to find links). */
export function decodedText(message: string): string {
  return message
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The first link with `path` in a message. */
export function linkIn(message: string, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`https?://[^\\s"<>]*${escaped}\\?t=[A-Za-z0-9._-]+`).exec(decodedText(message));
  if (!match) throw new Error(`no ${path} link in:\n${message}`);
  return match[0];
}
