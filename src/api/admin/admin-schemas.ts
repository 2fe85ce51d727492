import { Type } from "typebox";
import { NoQuery } from "../../http/route-schemas.ts";
import { EditionCode } from "../api-schemas.ts";
import { BEARER_SECURITY } from "./bearer-auth.ts";

/** What every admin operation declares: its tag, its token, and a query it does not read. */
export const ADMIN_OPERATION = { tags: ["admin"], security: BEARER_SECURITY, querystring: NoQuery };

/** The body of an action that takes none: nothing, or an empty object. */
export const NoFields = Type.Object(
  {},
  { additionalProperties: false, description: "No fields: send no body, or {}." },
);

// The admin API's named schemas: added to the scope once (addAdminSchemas) and used by reference,
// so the OpenAPI document names each once under components.schemas.

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

/** An article id in a path. */
export const ArticleIdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** The body: a body document (as stored) or plain text, paragraphs apart by blank lines. */
const BodyInput = Type.Union(
  [
    Type.String({ maxLength: 200_000, description: "Plain text: paragraphs apart by a blank line." }),
    Type.Object(
      { type: Type.Literal("doc"), content: Type.Array(Type.Object({}, { additionalProperties: true })) },
      { additionalProperties: false, description: "A body document, as GET returns it." },
    ),
  ],
  { description: "The article's body: a body document, or plain paragraphs." },
);

const Title = Type.String({ minLength: 1, maxLength: 300 });
const Dek = Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
  description: "The standfirst under the title.",
});
const Slug = Type.String({ minLength: 1, maxLength: 200, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" });
const TagKeys = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 30,
  description: "Tag keys, most important first (GET /api/v1/tags… or the newsroom's tag pages).",
});

export const NewStory = Type.Object(
  {
    edition: EditionCode,
    title: Title,
    dek: Type.Optional(Dek),
    body: Type.Optional(BodyInput),
    slug: Type.Optional(Slug),
    tags: Type.Optional(TagKeys),
    authorIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: "Bylines, lead first." })),
    heroMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { $id: "NewStory", additionalProperties: false },
);

export const NewTranslation = Type.Object(
  {
    edition: EditionCode,
    title: Title,
    dek: Type.Optional(Dek),
    body: Type.Optional(BodyInput),
    slug: Type.Optional(Slug),
  },
  { $id: "NewTranslation", additionalProperties: false },
);

export const ArticleChanges = Type.Object(
  {
    title: Type.Optional(Title),
    dek: Type.Optional(Dek),
    body: Type.Optional(BodyInput),
    slug: Type.Optional(Slug),
    tags: Type.Optional(TagKeys),
    heroMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
    caption: Type.Optional(
      Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
        description: "The hero picture's caption in the article's edition.",
      }),
    ),
  },
  { $id: "ArticleChanges", additionalProperties: false, minProperties: 1 },
);

export const ScheduleRequest = Type.Object(
  { at: Type.String({ format: "date-time", description: "When readers see it, ISO 8601 with offset." }) },
  { $id: "ScheduleRequest", additionalProperties: false },
);

export const AdminArticle = Type.Object(
  {
    id: Type.Integer(),
    storyId: Type.Integer(),
    edition: Type.String(),
    originalEdition: Type.String({ description: "The story's first edition; others are translations." }),
    status: Type.Union(
      ["draft", "review", "scheduled", "published", "unpublished"].map((s) => Type.Literal(s)),
    ),
    title: Type.String(),
    slug: Type.String(),
    dek: Type.Union([Type.String(), Type.Null()]),
    body: Type.Object({}, { additionalProperties: true, description: "The body document." }),
    tags: Type.Array(Type.String(), { description: "The story's tag keys, in order." }),
    authorIds: Type.Array(Type.Integer()),
    heroMediaId: Type.Union([Type.Integer(), Type.Null()]),
    caption: Type.Union([Type.String(), Type.Null()], { description: "The hero's caption in this edition." }),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.String(),
    version: Type.Integer({ description: "The current revision's id: send it back in If-Match to edit." }),
    pendingSince: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: "Set when your edit waits for an editor's approval (the article is live).",
      }),
    ),
  },
  { $id: "AdminArticle" },
);

const TagName = Type.Object({
  name: Type.String(),
  slug: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
});

export const AdminTag = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    kind: Type.String(),
    parentKey: Type.Union([Type.String(), Type.Null()]),
    names: Type.Record(Type.String(), TagName, { description: "Per edition code." }),
  },
  { $id: "AdminTag" },
);

export const NewTag = Type.Object(
  {
    kind: Type.Union(["region", "country", "section", "topic"].map((k) => Type.Literal(k))),
    parentKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    names: Type.Record(EditionCode, Type.String({ minLength: 1, maxLength: 120 }), {
      minProperties: 1,
      description: "The tag's name per edition code; the key is made from the first.",
    }),
  },
  { $id: "NewTag", additionalProperties: false },
);

export const TagChanges = Type.Object(
  {
    names: Type.Record(
      EditionCode,
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 120 }),
          slug: Type.Optional(Type.String({ maxLength: 120 })),
          description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { minProperties: 1 },
    ),
  },
  { $id: "TagChanges", additionalProperties: false },
);

export const AdminMedia = Type.Object(
  {
    id: Type.Integer(),
    originalName: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    credit: Type.Union([Type.String(), Type.Null()]),
    texts: Type.Record(
      Type.String(),
      Type.Object({
        caption: Type.Union([Type.String(), Type.Null()]),
        alt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    variants: Type.Array(
      Type.Object({
        format: Type.String(),
        width: Type.Integer(),
        height: Type.Integer(),
        url: Type.String(),
        sizeBytes: Type.Integer(),
      }),
    ),
    createdAt: Type.String(),
  },
  { $id: "AdminMedia" },
);

export const AdminComment = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String(),
    authorName: Type.String(),
    body: Type.String(),
    createdAt: Type.String(),
    flagsCount: Type.Integer(),
    article: Type.Object({ id: Type.Integer(), edition: Type.String(), title: Type.String() }),
  },
  { $id: "AdminComment" },
);

export const ADMIN_SCHEMAS = [
  NewStory,
  NewTranslation,
  ArticleChanges,
  ScheduleRequest,
  AdminArticle,
  AdminTag,
  NewTag,
  TagChanges,
  AdminMedia,
  AdminComment,
];
