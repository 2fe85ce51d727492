import type { FastifyInstance } from "fastify";
import { type TSchema, Type } from "typebox";
import { MAX_ID } from "../../shared/ids.ts";
import { MAX_SLUG_LENGTH, SLUG_SOURCE } from "../../shared/slug.ts";

/** The content API's named schemas: each is a component of the OpenAPI document. */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A row id in a path: digits only, 1 to 2³¹−1 (anything else names nothing: 400). */
export const IdParam = Type.Integer({ minimum: 1, maximum: MAX_ID, description: "A numeric id." });

/** An edition code that is one of the site's editions (an unknown one is a 400). */
export function editionParam(codes: readonly string[], description = "An edition code.") {
  return Type.Unsafe<string>({ type: "string", enum: [...codes], description });
}

/** A slug or a tag's key, as the site's addresses spell them (any script, words joined by hyphens). */
export function slugParam(description: string) {
  return Type.String({ pattern: `^${SLUG_SOURCE}$`, maxLength: MAX_SLUG_LENGTH, description });
}

/** A calendar day, `yyyy-mm-dd`. */
export const DayParam = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}$",
  description: "A day, yyyy-mm-dd, in the edition's time zone (the default edition's for stories).",
});

export const LimitParam = Type.Integer({
  minimum: 1,
  maximum: 100,
  default: 20,
  description: "How many items a page holds (1 to 100, 20 by default).",
});

export const CursorParam = Type.String({
  pattern: "^[A-Za-z0-9_-]{1,200}$",
  description: "Where the page starts: the `cursor` of the previous page's `next` link, as it is.",
});

/** The filters every list of stories or articles takes. */
export function listFilters(codes: readonly string[]) {
  return {
    tag: Type.Optional(slugParam("A tag's key: its stories and those below it.")),
    author: Type.Optional(slugParam("An author's slug or numeric id: the stories with their byline.")),
    from: Type.Optional(DayParam),
    to: Type.Optional(DayParam),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
    edition: Type.Optional(editionParam(codes, "Only articles of this edition.")),
  };
}

export const PictureSchema = Type.Object(
  {
    id: Type.Integer(),
    width: Type.Integer({ description: "Pixels of the largest variant." }),
    height: Type.Integer(),
    url: Type.String({ description: "The largest JPEG variant, absolute." }),
    alt: Type.String({ description: "In the edition asked for; falls back to the story's original." }),
    caption: Nullable(Type.String()),
    credit: Nullable(Type.String()),
    variants: Type.Array(
      Type.Object({
        format: Type.String({ examples: ["jpeg", "webp"] }),
        width: Type.Integer(),
        height: Type.Integer(),
        url: Type.String(),
      }),
    ),
  },
  { $id: "Picture", description: "An image as an edition shows it, with every stored variant." },
);

const Byline = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  url: Type.String({ description: "The author's page in the article's edition." }),
});

const TagLabel = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  kind: Type.String({ examples: ["region", "country", "section", "topic"] }),
  name: Type.String(),
  slug: Type.String(),
  language: Type.String({
    description: "The edition the name is in (the original's when the edition has none).",
  }),
});

export const ArticleSchema = Type.Object(
  {
    id: Type.Integer(),
    storyId: Type.Integer(),
    edition: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    summary: Nullable(Type.String({ description: "The dek." })),
    url: Type.String({ description: "The article's page, absolute." }),
    publishedAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
    body: Type.Object(
      { type: Type.Literal("doc"), content: Type.Array(Type.Unknown()) },
      {
        description: "The stored body document (paragraphs, headings, figures, callouts…).",
        additionalProperties: true,
      },
    ),
    bodyHtml: Type.String({ description: "The body as the reader site renders it; every URL absolute." }),
    bylines: Type.Array(Byline),
    tags: Type.Array(TagLabel),
    hero: Nullable(Type.Ref("Picture")),
    source: Nullable(
      Type.Object({ name: Type.String(), shortName: Nullable(Type.String()), url: Nullable(Type.String()) }),
    ),
    translations: Type.Array(
      Type.Object({ edition: Type.String(), id: Type.Integer(), title: Type.String(), url: Type.String() }),
      { description: "The story's published articles in every edition, this one included." },
    ),
  },
  { $id: "Article", description: "A published article: one story in one edition." },
);

export const ArticleSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    storyId: Type.Integer(),
    edition: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    summary: Nullable(Type.String()),
    url: Type.String(),
    publishedAt: Type.String({ format: "date-time" }),
    hero: Nullable(
      Type.Object({ id: Type.Integer(), url: Type.String(), width: Type.Integer(), height: Type.Integer() }),
    ),
  },
  { $id: "ArticleSummary", description: "An article as lists show it." },
);

const StoryArticle = Type.Object({
  edition: Type.String(),
  state: Type.String({
    enum: ["original", "up-to-date", "outdated", "missing"],
    description: "The translation's state against the original; missing when nothing is published there.",
  }),
  article: Nullable(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      url: Type.String(),
      publishedAt: Type.String({ format: "date-time" }),
    }),
  ),
});

export const StorySchema = Type.Object(
  {
    id: Type.Integer(),
    originalEdition: Type.String({ description: "The edition the story was written in." }),
    articles: Type.Array(StoryArticle, { description: "One entry per edition, in the site's order." }),
  },
  { $id: "Story", description: "A story and its articles in every edition." },
);

const TagName = Type.Object({
  edition: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  description: Nullable(Type.String()),
  url: Type.String({ description: "The tag's archive in the edition." }),
});

export const TagSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    kind: Type.String({ enum: ["region", "country", "section", "topic"] }),
    parent: Nullable(Type.String({ description: "The parent tag's key." })),
    names: Type.Array(TagName),
  },
  { $id: "Tag", description: "A tag with its name and slug in each edition that names it." },
);

export const AuthorSchema = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    name: Type.String(),
    urls: Type.Record(Type.String(), Type.String(), { description: "The author's page, by edition." }),
  },
  { $id: "Author" },
);

export const AuthorDetailSchema = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    name: Type.String(),
    urls: Type.Record(Type.String(), Type.String()),
    bios: Type.Record(Type.String(), Type.String(), { description: "The bio shown in each edition." }),
    links: Type.Array(Type.Object({ label: Type.String(), url: Type.String() })),
    photo: Nullable(Type.Ref("Picture")),
  },
  { $id: "AuthorDetail" },
);

export const SourceSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    shortName: Nullable(Type.String()),
    url: Nullable(Type.String()),
  },
  { $id: "Source", description: "Where a story's reporting comes from (a wire, an outlet)." },
);

export const MediaSchema = Type.Object(
  {
    id: Type.Integer(),
    width: Type.Integer(),
    height: Type.Integer(),
    credit: Nullable(Type.String()),
    variants: Type.Array(
      Type.Object({
        format: Type.String(),
        width: Type.Integer(),
        height: Type.Integer(),
        url: Type.String(),
      }),
    ),
    texts: Type.Array(
      Type.Object({ edition: Type.String(), caption: Nullable(Type.String()), alt: Nullable(Type.String()) }),
      { description: "The caption and alt text in each edition that has them." },
    ),
  },
  { $id: "Media", description: "A picture shown by published content, with every variant." },
);

/** A page of a list: the items and, unless it is the last, the link to the next page. */
export function pageOf(item: TSchema) {
  return Type.Object({
    items: Type.Array(item),
    next: Nullable(Type.String({ description: "The next page's URL, absolute; null on the last page." })),
  });
}

/** Adds the named schemas to the API's scope (once): operations refer to them by name. */
export function addContentSchemas(scope: FastifyInstance): void {
  for (const schema of [
    PictureSchema,
    ArticleSchema,
    ArticleSummarySchema,
    StorySchema,
    TagSchema,
    AuthorSchema,
    AuthorDetailSchema,
    SourceSchema,
    MediaSchema,
  ]) {
    scope.addSchema(schema);
  }
}
