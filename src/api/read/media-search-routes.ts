import { Type } from "typebox";
import { visibleToReaders } from "../../articles/visibility.ts";
import { articleKey, mediaKey, storyKey } from "../../cache/surrogate-keys.ts";
import { findMediaUsage } from "../../media/media-usage.ts";
import type { Highlighted } from "../../search/highlight.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { absoluteUrl } from "../../site/feeds/feed-body.tsx";
import { SEARCH_CACHE_CONTROL } from "../../site/search/search-route.tsx";
import { CONTENT_OPERATION, NoQuery, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { type ContentApiContext, requestTime, variantsJson } from "./content-context.ts";
import { publicAnswer } from "./content-http.ts";
import { editionParam, IdParam } from "./content-schemas.ts";

const Highlight = Type.Array(Type.Object({ text: Type.String(), mark: Type.Boolean() }), {
  description: "The text in runs; `mark` runs are the words that matched.",
});

const SearchAnswer = Type.Object({
  query: Type.String(),
  total: Type.Integer({ description: "Matches found; a lower bound when `more` is true." }),
  more: Type.Boolean(),
  page: Type.Integer(),
  pageCount: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      storyId: Type.Integer(),
      title: Type.String(),
      url: Type.String(),
      publishedAt: Type.String({ format: "date-time" }),
      snippet: Type.String(),
      highlights: Type.Object({ title: Highlight, snippet: Highlight }),
    }),
  ),
});

/** GET /v1/media/{id} and /v1/search. */
export function mediaAndSearchRoutes(scope: ApiScope, context: ContentApiContext): void {
  const { editions, urls } = context;
  const codes = editions.codes();

  scope.get(
    "/v1/media/:id",
    {
      schema: {
        operationId: "getMedia",
        summary: "Get a picture that published content shows",
        description:
          "Every variant (format, size, URL) and the caption and alt text per edition of a picture shown by a published article (as its hero or in its body) or an author's profile. Other pictures are not found (404).",
        ...CONTENT_OPERATION,
        params: Type.Object({ id: IdParam }),
        querystring: NoQuery,
        response: { 200: Type.Ref("Media"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const [usage, portrait, described] = await Promise.all([
        findMediaUsage(context.db, id, visibleToReaders(requestTime())),
        context.db.selectFrom("authors").select("id").where("photoMediaId", "=", id).executeTakeFirst(),
        context.media.describe(id),
      ]);
      const shown = usage.asHero.length > 0 || usage.inBody.length > 0 || portrait !== undefined;
      if (!described || !shown) throw new NotFoundError("published picture", id);
      // Withdrawing the last article that shows it purges these: the picture is no longer readers'.
      publicAnswer(reply, [
        ...codes.map((code) => mediaKey(id, code)),
        ...usage.asHero.map((article) => storyKey(article.storyId)),
        ...usage.inBody.map((article) => articleKey(article.articleId)),
      ]);
      return {
        id: described.id,
        width: described.width,
        height: described.height,
        credit: described.credit,
        variants: variantsJson(context, editions.default, described),
        texts: described.texts,
      };
    },
  );

  scope.get(
    "/v1/search",
    {
      schema: {
        operationId: "searchArticles",
        summary: "Search an edition's published articles",
        description:
          'The reader site\'s search: most relevant first, with highlighted titles and snippets. The query takes words, "phrases" and -exclusions.',
        ...CONTENT_OPERATION,
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 200, description: "What to look for." }),
            edition: Type.Optional(
              editionParam(codes, "The edition searched (the default edition if absent)."),
            ),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SearchAnswer, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const { q, page } = request.query;
      const edition = request.query.edition ? editions.get(request.query.edition) : editions.default;
      const results = await context.search.admit(() =>
        context.search.search(edition, q, { page: page ?? 1 }, requestTime()),
      );
      // As the reader's search page: kept a minute by browsers, never by the page cache.
      reply.header("cache-control", SEARCH_CACHE_CONTROL);
      return {
        query: results.query.text,
        total: results.total,
        more: results.more,
        page: results.page,
        pageCount: results.pageCount,
        items: results.hits.map((hit) => ({
          id: hit.articleId,
          storyId: hit.storyId,
          title: plain(hit.title),
          url: absoluteUrl(hit.href, urls.origin(edition)),
          publishedAt: hit.publishedAt,
          snippet: plain(hit.snippet),
          highlights: { title: [...hit.title], snippet: [...hit.snippet] },
        })),
      };
    },
  );
}

function plain(text: Highlighted): string {
  return text.map((run) => run.text).join("");
}
