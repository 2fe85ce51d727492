import { Type } from "typebox";
import { MAX_BYLINES } from "../../authors/author-service.ts";
import { MAX_ID } from "../../shared/ids.ts";
import { Described, JsonAnswer, jsonResponses } from "../http/newsroom-schemas.ts";
import { MAX_TAGS } from "./editor-input.ts";

/**
 * The schemas of the editor's JSON API (editor-api.ts). They say what each request is made of;
 * Fields the handlers require are optional here where their own check says better what to send;
 * editor-input.ts still checks each field's meaning (an edition that exists, a body document's
 * nodes, lengths) and names the field at fault.
 */

const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
const IdOrNull = Type.Union([Id, Type.Null()]);

const EditorFields = {
  title: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  summary: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  body: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'The body document: { "type": "doc", "content": [...] }.',
    }),
  ),
  authorId: Type.Optional(IdOrNull),
  authorIds: Type.Optional(Type.Array(Id, { maxItems: MAX_BYLINES })),
  sourceId: Type.Optional(IdOrNull),
  heroMediaId: Type.Optional(IdOrNull),
  tagIds: Type.Optional(Type.Array(Id, { maxItems: MAX_TAGS })),
};

export const CreateArticleBody = Type.Object(
  { ...EditorFields, edition: Type.Optional(Type.String({ description: "The new story's first edition." })) },
  { additionalProperties: false },
);

export const SaveArticleBody = Type.Object(
  {
    ...EditorFields,
    baseRevisionId: Type.Union([Id, Type.Null()], {
      description: "The revision the editor loaded (null: the article was never saved).",
    }),
    autosave: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SavedArticleAnswer = jsonResponses({
  200: JsonAnswer({ article: Described("The saved article (SavedArticle)") }, "The article as saved."),
  201: JsonAnswer({ article: Described("The new article (SavedArticle)") }, "The new story's article."),
});

export const EditorBootAnswer = jsonResponses({
  200: JsonAnswer({ editor: Described("What the edit page starts from (EditorBoot)") }, "The editor's data."),
});

export const SlugCheckAnswer = jsonResponses({
  200: JsonAnswer(
    { slug: Type.String(), available: Type.Boolean() },
    "Whether the slug is free in the edition (SlugCheck).",
  ),
});

export const TagSearchAnswer = jsonResponses({
  200: JsonAnswer({ tags: Type.Array(Described("A tag chip")) }, "Tags whose name starts so."),
});

export const TagSuggestionsBody = Type.Object(
  {
    edition: Type.Optional(Type.String()),
    title: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    summary: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    body: EditorFields.body,
    tagIds: EditorFields.tagIds,
  },
  { additionalProperties: false },
);

export const TagSuggestionsAnswer = jsonResponses({
  200: JsonAnswer({ suggestions: Type.Array(Described("A suggested tag")) }, "Tags the text suggests."),
});

export const AcceptSuggestionBody = Type.Object(
  { key: Type.Optional(Type.String()), edition: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const AcceptSuggestionAnswer = jsonResponses({
  200: JsonAnswer(
    { tag: Described("The tag's chip"), created: Type.Boolean() },
    "The suggested tag, created if it was new.",
  ),
});

export const StoryPickerAnswer = jsonResponses({
  200: JsonAnswer({ stories: Type.Array(Described("A story (StoryChoice)")) }, "Stories matching the words."),
});

export const SourceListAnswer = jsonResponses({
  200: JsonAnswer({ sources: Type.Array(Described("A source")) }, "Every source."),
});

export const NewSourceBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    shortName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    url: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const NewSourceAnswer = jsonResponses({
  201: JsonAnswer({ source: Described("The new source") }, "The source created."),
});

export const AuthorListAnswer = jsonResponses({
  200: JsonAnswer({ authors: Type.Array(Described("An author")) }, "Every author."),
});

export const EmbedBody = Type.Object(
  { url: Type.Optional(Type.String()), edition: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const EmbedAnswer = jsonResponses({
  200: JsonAnswer({}, "The embed's preview, or why readers get a plain link card (EmbedPreview)."),
});
