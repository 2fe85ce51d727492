import { type Actor, can } from "../../accounts/authorization/policy.ts";
import type { MediaTextsInput } from "../../media/media-service.ts";
import { mediaUrl } from "../../media/media-storage.ts";
import { ValidationError } from "../../shared/errors.ts";
import { editPicture, type PictureEditDeps, type RequestMeta } from "../media/picture-edit.ts";
import type { TranslationPair } from "./translation-service.ts";

/** One edition's caption and alt text of a picture, as stored (null: none of its own). */
export interface EditionPictureTexts {
  edition: string;
  caption: string | null;
  alt: string | null;
}

/** The story's hero picture as the translation page shows it: the original's texts beside the translation's. */
export interface HeroPictureTexts {
  mediaId: number;
  /** The smallest JPEG variant, for a thumbnail. */
  thumbnailUrl: string | null;
  original: EditionPictureTexts;
  translation: EditionPictureTexts;
  /** Whether the actor may change the translation's edition's texts. */
  editable: boolean;
}

/**
 * The caption and alt text of a story's hero picture in a translation's edition, edited on the
 * translation page beside the text. Saving is the media library's edit (policy, unit of work,
 * purge, audit): a translator changes only the texts of their assigned editions.
 */
export class TranslationPictureService {
  constructor(private readonly deps: PictureEditDeps) {}

  /** The hero picture's texts in the original's and the translation's editions; null without a hero. */
  async heroTexts(actor: Actor, pair: TranslationPair): Promise<HeroPictureTexts | null> {
    const mediaId = await this.#heroOf(pair);
    if (mediaId === null) return null;
    const { original, translation } = pair;
    const [texts, thumbnail] = await Promise.all([
      this.deps.db
        .selectFrom("mediaTexts")
        .select(["edition", "caption", "alt"])
        .where("mediaId", "=", mediaId)
        .where("edition", "in", [original.edition, translation.edition])
        .execute(),
      this.deps.db
        .selectFrom("mediaVariants")
        .select("file")
        .where("mediaId", "=", mediaId)
        .where("format", "=", "jpeg")
        .orderBy("width")
        .executeTakeFirst(),
    ]);
    const textsOf = (edition: string): EditionPictureTexts => {
      const row = texts.find((text) => text.edition === edition);
      return { edition, caption: row?.caption ?? null, alt: row?.alt ?? null };
    };
    return {
      mediaId,
      thumbnailUrl: thumbnail ? mediaUrl(thumbnail.file) : null,
      original: textsOf(original.edition),
      translation: textsOf(translation.edition),
      editable: can(actor, "media.edit", { ownerUserId: null, edition: translation.edition }),
    };
  }

  /**
   * Saves the hero picture's texts sent from the translation page (`texts` by edition, usually the
   * translation's own). A ValidationError when the story has no hero picture; a ForbiddenError for
   * an edition the actor may not change. Says which editions changed.
   */
  async saveHeroTexts(
    actor: Actor,
    pair: TranslationPair,
    texts: Record<string, MediaTextsInput>,
    meta: RequestMeta = {},
  ): Promise<string[]> {
    const mediaId = await this.#heroOf(pair);
    if (mediaId === null) throw new ValidationError("picture", "the story has no hero picture to caption");
    const changed = await editPicture(this.deps, actor, mediaId, { texts }, meta);
    return changed.editions;
  }

  async #heroOf(pair: TranslationPair): Promise<number | null> {
    const story = await this.deps.db
      .selectFrom("stories")
      .select("heroMediaId")
      .where("id", "=", pair.translation.storyId)
      .executeTakeFirst();
    return story?.heroMediaId ?? null;
  }
}
