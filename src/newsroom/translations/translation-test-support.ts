// A story with a captioned hero picture and its translations, for the tests of the translation
// page's picture texts (HTTP and browser).

import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { Edition } from "../../editions/edition.ts";
import { MediaService } from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { generatePlaceholderPhoto } from "../../media/placeholder-photo.ts";
import { createDraft, readerPath } from "../workflow/workflow-test-support.ts";

export const ENGLISH_CAPTION = "Fishing boats moored in the harbour at dusk";
export const ENGLISH_ALT = "Wooden boats lined up along a stone quay";

export interface CaptionedStory {
  mediaId: number;
  original: ArticleRow;
  /** The published translation of each edition asked for, by edition code. */
  translations: Record<string, ArticleRow>;
}

/**
 * A published English story whose hero picture has English texts only, with published translations
 * into `editions` (their titles in the edition's code, to tell the pages apart).
 */
export async function captionedStory(
  db: Db,
  mediaStore: MediaStore,
  editorUserId: number,
  editions: readonly string[],
): Promise<CaptionedStory> {
  const media = await new MediaService({ db, mediaStore }).importImage({
    data: await generatePlaceholderPhoto(900, 600, "harbour"),
    originalName: `harbour-${Date.now().toString(36)}.jpg`,
    credit: "Test Agency",
    texts: { en: { caption: ENGLISH_CAPTION, alt: ENGLISH_ALT } },
  });
  const draft = await createDraft(db, editorUserId, { title: `Harbour story ${Date.now().toString(36)}` });
  await new StoryService(db).setHero(draft.storyId, media.id);
  const articles = new ArticleService(db);
  const original = await articles.publishArticle(draft.id);
  const translations: Record<string, ArticleRow> = {};
  for (const edition of editions) {
    const translation = await articles.createArticle({
      storyId: original.storyId,
      edition,
      title: `${original.title} (${edition})`,
      summary: original.summary,
      body: original.body,
      authorId: original.authorId,
      savedByUserId: editorUserId,
    });
    translations[edition] = await articles.publishArticle(translation.id);
  }
  return { mediaId: media.id, original, translations };
}

/** The reader's path of a published article of the story. */
export function readerPathOf(publicUrl: string, editions: readonly Edition[], article: ArticleRow): string {
  const edition = editions.find((candidate) => candidate.code === article.edition);
  if (!edition) throw new Error(`no edition ${article.edition}`);
  return readerPath(publicUrl, edition, article);
}
