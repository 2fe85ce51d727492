import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The tables as the services see them (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Times are ISO-8601 UTC strings ("2026-11-25T08:00:00.000Z") in both dialects: they sort as text, so
 * keyset pagination and range queries behave the same on SQLite and PostgreSQL.
 */
export interface Database {
  editions: EditionTable;
  authors: AuthorTable;
  sources: SourceTable;
  media: MediaTable;
  mediaTexts: MediaTextTable;
  mediaVariants: MediaVariantTable;
  tags: TagTable;
  tagNames: TagNameTable;
  stories: StoryTable;
  storyTags: StoryTagTable;
  storyRelated: StoryRelatedTable;
  articles: ArticleTable;
  articleRevisions: ArticleRevisionTable;
  promotions: PromotionTable;
  promotionEditions: PromotionEditionTable;
  comments: CommentTable;
  tagAncestors: TagAncestorTable;
  tagListings: TagListingTable;
  articleSlugHistory: ArticleSlugHistoryTable;
}

/** Each tag paired with itself and with every tag above it. */
export interface TagAncestorTable {
  tagId: number;
  ancestorId: number;
}

/** A reader-visible (or scheduled) article under every tag that covers it, for archive pages. */
export interface TagListingTable {
  tagId: number;
  edition: string;
  publishedAt: string;
  articleId: number;
}

/** A slug an article used to have; its old URLs redirect to the current one. */
export interface ArticleSlugHistoryTable {
  edition: string;
  slug: string;
  articleId: number;
  createdAt: string;
}

type Id = Generated<number>;

export interface EditionTable {
  code: string;
  locale: string;
  timeZone: string;
  position: number;
}

export interface AuthorTable {
  id: Id;
  slug: string;
  name: string;
  bio: string | null;
  createdAt: string;
}

export interface SourceTable {
  id: Id;
  name: string;
  shortName: string | null;
  url: string | null;
}

export interface MediaTable {
  id: Id;
  storageKey: string;
  originalName: string;
  mimeType: string;
  width: number;
  height: number;
  sizeBytes: number;
  credit: string | null;
  createdAt: string;
}

export interface MediaTextTable {
  mediaId: number;
  edition: string;
  caption: string | null;
  alt: string | null;
}

export interface MediaVariantTable {
  mediaId: number;
  format: string;
  width: number;
  height: number;
  file: string;
  sizeBytes: number;
}

export type TagKind = "region" | "country" | "section" | "topic";

export interface TagTable {
  id: Id;
  key: string;
  kind: TagKind;
  parentId: number | null;
  createdAt: string;
}

export interface TagNameTable {
  tagId: number;
  edition: string;
  name: string;
  slug: string;
}

export interface StoryTable {
  id: Id;
  key: string;
  originalEdition: string;
  heroMediaId: number | null;
  sourceId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoryTagTable {
  storyId: number;
  tagId: number;
  position: number;
}

export interface StoryRelatedTable {
  storyId: number;
  relatedStoryId: number;
  position: number;
}

export type ArticleStatus = "draft" | "review" | "scheduled" | "published" | "unpublished";

export interface ArticleTable {
  id: Id;
  storyId: number;
  edition: string;
  title: string;
  slug: string;
  summary: string | null;
  /** The body document as JSON text; never HTML. */
  body: string;
  status: ArticleStatus;
  authorId: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The revision that holds the text shown now. */
  revisionId: number | null;
  /** For a translation: the original's revision it was made from (null for the original). */
  basedOnRevisionId: number | null;
}

export interface ArticleRevisionTable {
  id: Id;
  articleId: number;
  number: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  savedByUserId: number | null;
  createdAt: string;
}

export type PromotionPlacement = "after-article" | "sidebar" | "banner";

export interface PromotionTable {
  id: Id;
  key: string;
  placement: PromotionPlacement;
  headline: string;
  text: string | null;
  cta: string;
  href: string;
  mediaId: number | null;
  startsAt: string | null;
  endsAt: string | null;
  weight: number;
}

export interface PromotionEditionTable {
  promotionId: number;
  edition: string;
}

export type CommentStatus = "pending" | "approved" | "rejected" | "spam";

export interface CommentTable {
  id: Id;
  articleId: number;
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  body: string;
  createdAt: string;
}

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type RevisionRow = Selectable<ArticleRevisionTable>;
export type StoryRow = Selectable<StoryTable>;
export type TagRow = Selectable<TagTable>;
export type MediaRow = Selectable<MediaTable>;
export type PromotionRow = Selectable<PromotionTable>;
export type Count = ColumnType<number | string | bigint>;
