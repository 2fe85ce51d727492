import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { assertCan } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { EmbedService } from "../../embeds/embed-service.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { RelatedService } from "../../related/related-service.ts";
import { bodyPlainText } from "../../shared/body/body-text.ts";
import { parseBodyDocument } from "../../shared/body/parse-body.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { idList, nowIso, optionalText } from "../../shared/validate.ts";
import { acceptTagSuggestion, suggestTags } from "../../tags/tag-suggestions.ts";
import { idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import {
  AcceptSuggestionAnswer,
  AcceptSuggestionBody,
  AuthorListAnswer,
  CreateArticleBody,
  EditorBootAnswer,
  EmbedAnswer,
  EmbedBody,
  NewSourceAnswer,
  NewSourceBody,
  SaveArticleBody,
  SavedArticleAnswer,
  SlugCheckAnswer,
  SourceListAnswer,
  StoryPickerAnswer,
  TagSearchAnswer,
  TagSuggestionsAnswer,
  TagSuggestionsBody,
} from "./editor-api-schemas.ts";
import { type BootContext, editorBootForArticle } from "./editor-boot.ts";
import { jsonObject, MAX_TAGS, parseCreateRequest, parseSaveRequest } from "./editor-input.ts";
import { createSource, listAuthors, listSources } from "./editor-lookups.ts";
import type { ArticleEditorService } from "./editor-service.ts";
import type { StoryChoice } from "./editor-types.ts";
import { embedPreview } from "./embed-preview.ts";
import { searchTags, tagChips } from "./tag-lookup.ts";

export interface EditorApiDeps {
  db: Db;
  editions: Editions;
  related: RelatedService;
  service: ArticleEditorService;
  boots: BootContext;
  embeds: EmbedService;
}

const TYPE_AHEAD_LIMIT = 10;
const PICKER_LIMIT = 8;
const SUGGESTIONS_LIMIT = 12;

/**
 * The editor's JSON API, under /newsroom/api (signed in; every PUT and POST needs the CSRF token in
 * the x-csrf-token header). Errors answer `{ error, message, field? }` with their status. Bodies are
 * checked field by field before anything else (editor-input.ts): a field of the wrong type, an id
 * outside 1..2147483647 or a field the API does not know answers 400 naming it.
 *
 * - `POST /api/articles` a new story and its original article (CreateRequest) → 201 `{ article }`
 * - `GET /api/articles/:id` → `{ editor }` (the EditorBoot the edit page starts from)
 * - `PUT /api/articles/:id` save (SaveRequest) → `{ article }`, or 409 EDIT_CONFLICT
 * - `GET /api/slugs/check?edition=&slug=&articleId=` → SlugCheck
 * - `GET /api/tags?edition=&q=` → `{ tags }` type-ahead
 * - `POST /api/tag-suggestions` `{ edition, title, summary, body, tagIds }` → `{ suggestions }`
 * - `POST /api/tag-suggestions/accept` `{ key, edition }` → `{ tag, created }`
 * - `GET /api/stories/search?edition=&q=&exclude=` → `{ stories }` for READ callouts
 * - `GET /api/sources`, `POST /api/sources` `{ name, shortName?, url? }`, `GET /api/authors`
 * - `POST /api/embeds` `{ url, edition }` → EmbedPreview: the embed's data, fetched once from its
 *   provider (the thumbnail into the media library), or why readers get a plain link card
 *
 * Images come from the media library's own API (`GET /api/media?q=`, `POST /api/media`).
 */
export function registerEditorApi(plainScope: FastifyInstance, deps: EditorApiDeps): void {
  const { db, editions, service, boots } = deps;
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const editionOf = (code: unknown): Edition => {
    const edition = typeof code === "string" ? editions.find(code) : undefined;
    if (!edition) {
      throw new ValidationError("edition", `use one of ${editions.codes().join(", ")}`);
    }
    return edition;
  };
  const articleIdOf = (value: string): number => {
    const id = idParam(value);
    if (id === undefined) throw new NotFoundError("article", value.slice(0, 20));
    return id;
  };

  scope.post(
    "/api/articles",
    { schema: { querystring: NoQuery, body: CreateArticleBody, response: SavedArticleAnswer } },
    async (request, reply) => {
      const input = parseCreateRequest(request.body);
      const article = await service.create(currentUser(request), input);
      return reply.code(201).send({ article });
    },
  );

  scope.get(
    "/api/articles/:id",
    { schema: { params: IdParams("id"), querystring: NoQuery, response: EditorBootAnswer } },
    async (request) => {
      const actor = currentUser(request);
      const editable = await service.openForEditing(actor, articleIdOf(request.params.id));
      return { editor: await editorBootForArticle(boots, actor, editable) };
    },
  );

  scope.put(
    "/api/articles/:id",
    {
      schema: {
        params: IdParams("id"),
        querystring: NoQuery,
        body: SaveArticleBody,
        response: SavedArticleAnswer,
      },
    },
    async (request) => {
      const input = parseSaveRequest(request.body);
      const article = await service.save(
        currentUser(request),
        articleIdOf(request.params.id),
        input,
        request.ip,
      );
      return { article };
    },
  );

  scope.get(
    "/api/slugs/check",
    { schema: { querystring: QueryOf("edition", "slug", "articleId"), response: SlugCheckAnswer } },
    async (request) => {
      const edition = editionOf(request.query.edition);
      return service.checkSlug(
        edition.code,
        (request.query.slug ?? "").slice(0, 200),
        idParam(request.query.articleId) ?? null,
      );
    },
  );

  scope.get(
    "/api/tags",
    { schema: { querystring: QueryOf("edition", "q"), response: TagSearchAnswer } },
    async (request) => {
      const edition = editionOf(request.query.edition);
      const tags = await searchTags(db, {
        edition: edition.code,
        defaultEdition: editions.default.code,
        text: (request.query.q ?? "").slice(0, 200),
        limit: TYPE_AHEAD_LIMIT,
      });
      return { tags };
    },
  );

  scope.post(
    "/api/tag-suggestions",
    { schema: { querystring: NoQuery, body: TagSuggestionsBody, response: TagSuggestionsAnswer } },
    async (request) => {
      const input = jsonObject(request.body, ["edition", "title", "summary", "body", "tagIds"]);
      const edition = editionOf(input.edition);
      const body = input.body === undefined ? undefined : parseBodyDocument(input.body);
      const text = [
        optionalText("title", input.title, 300),
        optionalText("summary", input.summary, 1000),
        body ? bodyPlainText(body) : "",
      ]
        .filter((part): part is string => part !== null && part !== "")
        .join("\n\n");
      const exclude = input.tagIds === undefined ? [] : idList("tagIds", input.tagIds, MAX_TAGS);
      const suggestions = await suggestTags(db, { text, edition: edition.code, excludeTagIds: exclude });
      return {
        suggestions: suggestions.slice(0, SUGGESTIONS_LIMIT).map((suggestion) => ({
          key: suggestion.key,
          kind: suggestion.kind,
          name: suggestion.name,
          mentions: suggestion.mentions,
          matches: suggestion.matches,
          tagId: suggestion.tag?.id ?? null,
          region: suggestion.region ? { key: suggestion.region.key, name: suggestion.region.name } : null,
        })),
      };
    },
  );

  scope.post(
    "/api/tag-suggestions/accept",
    { schema: { querystring: NoQuery, body: AcceptSuggestionBody, response: AcceptSuggestionAnswer } },
    async (request) => {
      const actor = currentUser(request);
      const input = jsonObject(request.body, ["key", "edition"]);
      const edition = editionOf(input.edition);
      if (typeof input.key !== "string" || !/^[a-z0-9-]{1,120}$/.test(input.key)) {
        throw new ValidationError("key", "send the key of a suggestion");
      }
      const existing = await db
        .selectFrom("tags")
        .select("id")
        .where("key", "=", input.key)
        .executeTakeFirst();
      // Adding an existing tag is editing the article; creating one is the taxonomy's business.
      if (!existing) assertCan(actor, "tag.create");
      const { tag, created } = await acceptTagSuggestion(db, input.key);
      const [chip] = await tagChips(db, [tag.id], edition.code, editions.default.code);
      return { tag: chip, created };
    },
  );

  scope.get(
    "/api/stories/search",
    { schema: { querystring: QueryOf("edition", "q", "exclude"), response: StoryPickerAnswer } },
    async (request) => {
      const edition = editionOf(request.query.edition);
      const exclude = idParam(request.query.exclude);
      const found = await deps.related.pickerSearch(
        edition,
        (request.query.q ?? "").slice(0, 200),
        nowIso(),
        PICKER_LIMIT + 1,
      );
      const stories: StoryChoice[] = found
        .filter((story) => story.storyId !== exclude)
        .slice(0, PICKER_LIMIT);
      return { stories };
    },
  );

  scope.get("/api/sources", { schema: { querystring: NoQuery, response: SourceListAnswer } }, async () => ({
    sources: await listSources(db),
  }));

  scope.post(
    "/api/sources",
    { schema: { querystring: NoQuery, body: NewSourceBody, response: NewSourceAnswer } },
    async (request, reply) => {
      const input = jsonObject(request.body, ["name", "shortName", "url"]);
      const source = await createSource(db, currentUser(request), input);
      return reply.code(201).send({ source });
    },
  );

  scope.get("/api/authors", { schema: { querystring: NoQuery, response: AuthorListAnswer } }, async () => ({
    authors: await listAuthors(db),
  }));

  scope.post(
    "/api/embeds",
    { schema: { querystring: NoQuery, body: EmbedBody, response: EmbedAnswer } },
    async (request) => {
      const input = jsonObject(request.body, ["url", "edition"]);
      const edition = editionOf(input.edition);
      if (typeof input.url !== "string")
        throw new ValidationError("url", "send the address of the post or video");
      const requester = { actor: currentUser(request), ip: request.ip };
      const resolution = await deps.embeds.resolve(input.url, requester);
      return embedPreview(db, resolution, deps.embeds.providerLabels(), edition.code);
    },
  );
}
