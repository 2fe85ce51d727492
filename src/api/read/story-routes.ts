import { Type } from "typebox";
import { translationStatus } from "../../articles/translation-status.ts";
import { visibleToReaders } from "../../articles/visibility.ts";
import { authorKey, frontKey, listedKey, storyKey, tagKey } from "../../cache/surrogate-keys.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { rowIdFrom } from "../../shared/ids.ts";
import { CONTENT_OPERATION, NoQuery, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { authorIdOf, tagIdOf } from "./article-routes.ts";
import { type ContentApiContext, requestTime } from "./content-context.ts";
import { dayRange, decodeCursor, encodeCursor, nextPage, publicAnswer } from "./content-http.ts";
import { IdParam, listFilters, pageOf } from "./content-schemas.ts";

interface StoryFilters {
  edition?: string | undefined;
  tagId?: number | undefined;
  authorId?: number | undefined;
  period?: [string, string] | undefined;
}

const StorySummary = Type.Object({
  id: Type.Integer(),
  originalEdition: Type.String(),
  articles: Type.Array(
    Type.Object({
      edition: Type.String(),
      id: Type.Integer(),
      title: Type.String(),
      url: Type.String(),
      publishedAt: Type.String({ format: "date-time" }),
    }),
    { description: "The story's published articles, in the site's order of editions." },
  ),
});

/** GET /v1/stories and /v1/stories/{id}: stories with their published articles in every edition. */
export function storyRoutes(scope: ApiScope, context: ContentApiContext): void {
  const codes = context.editions.codes();

  scope.get(
    "/v1/stories",
    {
      schema: {
        operationId: "listStories",
        summary: "List stories with a published article, newest story first",
        description:
          "Stories readers can see in at least one edition (in `edition` when given), newest story first, narrowed by tag, author and the days their articles were published. Walk pages with the `next` link's opaque `cursor`.",
        ...CONTENT_OPERATION,
        querystring: Type.Object(listFilters(codes), { additionalProperties: false }),
        response: { 200: pageOf(StorySummary), ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const limit = query.limit ?? 20;
      const after = decodeCursor(query.cursor, (position) => rowIdFrom(/^s(\d+)$/.exec(position)?.[1]));
      const timeZone = (query.edition ? context.editions.get(query.edition) : context.editions.default)
        .timeZone;
      const filters: StoryFilters = {
        edition: query.edition,
        tagId: query.tag === undefined ? undefined : await tagIdOf(context, query.tag),
        authorId: query.author === undefined ? undefined : await authorIdOf(context, query.author),
        period: dayRange(timeZone, query.from, query.to),
      };
      const now = requestTime();
      const ids = await storyIdsPage(context, filters, now, after, limit + 1);
      const shown = ids.slice(0, limit);
      const stories = await publishedArticles(context, shown, now);
      const listed = query.edition ? [query.edition] : codes;
      // A publication or withdrawal purges its edition's front key; an edit of a listed article
      // purges its story's and its own.
      publicAnswer(reply, [
        ...listed.map(frontKey),
        ...listed.map((code) => (filters.tagId === undefined ? null : tagKey(filters.tagId, code))),
        ...listed.map((code) => (filters.authorId === undefined ? null : authorKey(filters.authorId, code))),
        ...shown.map(storyKey),
        ...stories.flatMap((story) => story.articles.map((article) => listedKey(article.id))),
      ]);
      const last = shown.at(-1);
      return {
        items: stories,
        next: nextPage(
          request,
          reply,
          context.publicUrl,
          ids.length > limit && last !== undefined ? encodeCursor(`s${last}`) : null,
        ),
      };
    },
  );

  scope.get(
    "/v1/stories/:id",
    {
      schema: {
        operationId: "getStory",
        summary: "Get a story with its articles per edition and their translation status",
        description:
          "For every edition: whether the story is published there and whether that translation matches the original's current text. A story with nothing published is not found (404).",
        ...CONTENT_OPERATION,
        params: Type.Object({ id: IdParam }),
        querystring: NoQuery,
        response: { 200: Type.Ref("Story"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const now = requestTime();
      const [story] = await publishedArticles(context, [request.params.id], now);
      if (!story) throw new NotFoundError("published story", request.params.id);
      const states = await translationStatus(context.db, story.id, codes);
      publicAnswer(reply, [storyKey(story.id), ...story.articles.map((article) => listedKey(article.id))]);
      return {
        id: story.id,
        originalEdition: story.originalEdition,
        articles: states.map((state) => {
          const article = story.articles.find((a) => a.edition === state.edition) ?? null;
          // What is not published there is missing, whatever the newsroom has in the works.
          return { edition: state.edition, state: article ? state.state : "missing", article };
        }),
      };
    },
  );
}

/** The ids of the stories a page lists, newest first, below the cursor's: `limit` of them at most. */
async function storyIdsPage(
  context: ContentApiContext,
  filters: StoryFilters,
  now: string,
  after: number | null,
  limit: number,
): Promise<number[]> {
  const { db } = context;
  let query = db
    .selectFrom("stories")
    .select("stories.id")
    .where((eb) => {
      let visible = eb
        .selectFrom("articles")
        .select("articles.id")
        .whereRef("articles.storyId", "=", "stories.id")
        .where(visibleToReaders(now));
      if (filters.edition !== undefined) visible = visible.where("articles.edition", "=", filters.edition);
      if (filters.period !== undefined) {
        visible = visible
          .where("articles.publishedAt", ">=", filters.period[0])
          .where("articles.publishedAt", "<", filters.period[1]);
      }
      return eb.exists(visible);
    });
  if (filters.tagId !== undefined) {
    let tagged = db
      .selectFrom("tagListings")
      .innerJoin("articles", "articles.id", "tagListings.articleId")
      .select("articles.storyId")
      .where("tagListings.tagId", "=", filters.tagId);
    if (filters.edition !== undefined) tagged = tagged.where("tagListings.edition", "=", filters.edition);
    query = query.where("stories.id", "in", tagged);
  }
  if (filters.authorId !== undefined) {
    const bylined = db.selectFrom("storyAuthors").select("storyId").where("authorId", "=", filters.authorId);
    query = query.where("stories.id", "in", bylined);
  }
  if (after !== null) query = query.where("stories.id", "<", after);
  const rows = await query.orderBy("stories.id", "desc").limit(limit).execute();
  return rows.map((row) => row.id);
}

/** The stories with their articles readers can see, in the order given; stories without any left out. */
async function publishedArticles(context: ContentApiContext, storyIds: number[], now: string) {
  if (storyIds.length === 0) return [];
  const { db, editions, urls } = context;
  const [stories, articles] = await Promise.all([
    db.selectFrom("stories").select(["id", "originalEdition"]).where("id", "in", storyIds).execute(),
    db
      .selectFrom("articles")
      .select(["id", "storyId", "edition", "title", "slug", "publishedAt"])
      .where("storyId", "in", storyIds)
      .where(visibleToReaders(now))
      .execute(),
  ]);
  return storyIds.flatMap((id) => {
    const story = stories.find((s) => s.id === id);
    const own = editions.all.flatMap((edition) => {
      const article = articles.find((a) => a.storyId === id && a.edition === edition.code);
      if (!article?.publishedAt) return [];
      const path = urls.articlePath(edition, article.publishedAt, article.slug);
      return [
        {
          edition: edition.code,
          id: article.id,
          title: article.title,
          url: urls.absolute(edition, path),
          publishedAt: article.publishedAt,
        },
      ];
    });
    return story && own.length > 0 ? [{ id, originalEdition: story.originalEdition, articles: own }] : [];
  });
}
