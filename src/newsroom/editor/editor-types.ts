// The JSON the editor page, the editor API and the client bundle share. Types only: the client
// imports them too, and esbuild drops them.

import type { ArticleStatus, TagKind } from "../../db/schema.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";

/** A tag as the editor shows it: its name in the article's edition, or in another (`language` says which). */
export interface TagChip {
  id: number;
  key: string;
  kind: TagKind;
  name: string;
  /** The edition the name is in; differs from the article's when the tag has no name there yet. */
  language: string;
  /** The region a country belongs to, to tell similar names apart. */
  parentName: string | null;
}

/** An image of the media library, as the pickers and the figure blocks show it. */
export interface MediaChoice {
  id: number;
  /** The smallest JPEG variant: for previews. */
  thumb: string;
  width: number;
  height: number;
  caption: string | null;
  alt: string;
  credit: string | null;
  /** The uploaded file's name. */
  name: string;
}

/** A story the READ callout picker offers (see src/related/story-picker.ts). */
export interface StoryChoice {
  storyId: number;
  title: string;
  /** The edition `title` is in. */
  edition: string;
  publishedAt: string;
  translations: Record<string, boolean>;
}

export interface SourceChoice {
  id: number;
  name: string;
  shortName: string | null;
  url: string | null;
}

export interface AuthorChoice {
  id: number;
  name: string;
}

/** What the editor form edits. Story-level fields (source, hero, tags) are shared by every edition. */
export interface EditorFields {
  title: string;
  slug: string;
  summary: string | null;
  body: BodyDocument;
  /** The story's lead byline (kept for older clients: setting it puts that author first). */
  authorId: number | null;
  /** The story's bylines, lead first; every edition's article shows them. */
  authorIds: number[];
  sourceId: number | null;
  heroMediaId: number | null;
  tagIds: number[];
}

export interface EditorArticle extends EditorFields {
  /** null until the first save of a new story. */
  id: number | null;
  storyId: number | null;
  edition: string;
  status: ArticleStatus;
  /** The revision the editor loaded: sent back with each save (optimistic concurrency). */
  revisionId: number | null;
  revisionNumber: number;
  /** Written in an edition other than the story's original one. */
  isTranslation: boolean;
  updatedAt: string | null;
}

/** Everything the client needs to start, in the form's `data-editor` attribute. */
export interface EditorBoot {
  article: EditorArticle;
  /** The article's tags, in order. */
  tags: TagChip[];
  hero: MediaChoice | null;
  /** The images of the body's figures, by media id. */
  media: Record<string, MediaChoice>;
  /** The stories of the body's READ callouts, by story id. */
  stories: Record<string, { title: string; edition: string }>;
  authors: AuthorChoice[];
  sources: SourceChoice[];
  /** The slug no longer follows the title (edited by hand, or the article has been published). */
  slugLocked: boolean;
  /** Drafts are saved a few seconds after each change; other articles only with the Save button. */
  autosave: boolean;
  can: {
    /** Change the story's tags, source and hero image (not a translator's). */
    editStory: boolean;
    /** Create a tag from a suggestion (editors and admins). */
    createTags: boolean;
    createSources: boolean;
    /** Upload images from the pickers (the media library's upload API). */
    uploadMedia: boolean;
  };
  /** The JSON API's root, "/newsroom/api". */
  api: string;
  /**
   * Set when the user's saves wait for an editor (they may not change what readers see, and the
   * article is published or scheduled); `pendingSince` when the text shown is their pending edit.
   */
  approval: { pendingSince: string | null } | null;
}

/** PUT /newsroom/api/articles/:id — a field left out keeps its value. */
export interface SaveRequest extends Partial<EditorFields> {
  /** The revision the editor loaded or last saved; a save on any other is refused (409 EDIT_CONFLICT). */
  baseRevisionId: number | null;
  /** Saved by the autosave timer: refused for articles that are not drafts. */
  autosave?: boolean;
}

/** POST /newsroom/api/articles — a new story with its original article, as a draft. */
export interface CreateRequest extends Partial<EditorFields> {
  edition: string;
  title: string;
}

export interface SavedArticle {
  id: number;
  storyId: number;
  edition: string;
  status: ArticleStatus;
  slug: string;
  revisionId: number;
  revisionNumber: number;
  savedAt: string;
  /** The article's edit page. */
  editUrl: string;
  /**
   * Set when the save was kept as the user's pending edit (they may not change what readers see):
   * when it was saved. The article's revision is then unchanged.
   */
  pendingSince: string | null;
}

export interface SlugCheck {
  slug: string;
  available: boolean;
  /** Why it cannot be used (taken, malformed); null when it can. */
  message: string | null;
  /** A free slug close to the one asked (with -2, -3…), when it is taken. */
  suggestion: string | null;
}

/** Every error of the API: a code, a message to show, and for validation the field at fault. */
export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
  [detail: string]: unknown;
}

/**
 * What the editor shows of an embed (`POST /api/embeds`): its fetched card, or why readers get a
 * plain link card instead (a site not on the allow-list, or a fetch the provider's answer failed).
 */
export type EmbedPreview =
  | {
      status: "card";
      title: string | null;
      providerName: string;
      authorName: string | null;
      /** The thumbnail's small variant, from the media library. */
      thumb: string | null;
      /** Set when the provider offered a thumbnail that was refused. */
      note: string | null;
    }
  | { status: "link"; message: string };

/**
 * What the body editor needs on a form that is not an article's (a page's, `form[data-page-editor]`):
 * the body, what its figures and READ callouts show, and where the pickers' API is. The form itself
 * posts as it would without script; the editor puts the body in its `bodyJson` field first.
 */
export interface BodyEditorBoot {
  body: unknown;
  edition: string;
  media: Record<string, MediaChoice>;
  stories: Record<string, { title: string; edition: string }>;
  canUpload: boolean;
  api: string;
}
