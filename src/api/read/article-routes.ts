import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { articlePageKeys, authorKey, frontKey, listedKeys, tagKey } from "../../cache/surrogate-keys.ts";
import type { Edition } from "../../editions/edition.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { rowIdFrom } from "../../shared/ids.ts";
import { type Cursor, formatCursor, parseCursor } from "../../site/archive-service.ts";
import { absoluteBodyHtml, absolutePicture, absoluteUrl } from "../../site/feeds/feed-body.tsx";
import type { ArticlePageData } from "../../site/reader-service.ts";
import { CONTENT_OPERATION, NoQuery, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { type ContentApiContext, pictureJson, requestTime } from "./content-context.ts";
import { dayRange, decodeCursor, encodeCursor, nextPage, publicAnswer } from "./content-http.ts";
import { editionParam, IdParam, listFilters, pageOf, slugParam } from "./content-schemas.ts";

/**
 * GET /v1/articles, /v1/articles/{id} and /v1/editions/{edition}/articles/{slug}: published
 * articles as the reader pages show them (ReaderService, ArchiveService), with the same surrogate
 * keys, so the page cache keeps them and the same changes purge them.
 */
export function articleRoutes(scope: ApiScope, context: ContentApiContext): void {
  const codes = context.editions.codes();
  const { edition: _any, ...filters } = listFilters(codes);

  scope.get(
    "/v1/articles",
    {
      schema: {
        operationId: "listArticles",
        summary: "List an edition's published articles, newest first",
        description:
          "Published articles of one edition (the site's default edition unless `edition` says), newest first, narrowed by tag, author and days. Pages are walked with the opaque `cursor` of the `next` link (also sent as a `Link` header).",
        ...CONTENT_OPERATION,
        querystring: Type.Object(
          { ...filters, edition: Type.Optional(editionParam(codes, "The articles' edition.")) },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(Type.Ref("ArticleSummary")), ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const edition = query.edition ? context.editions.get(query.edition) : context.editions.default;
      const limit = query.limit ?? 20;
      const cursor = decodeCursor(query.cursor, (position) => {
        const parsed = parseCursor(position);
        return parsed === "invalid" ? null : parsed;
      });
      const tagId = query.tag === undefined ? undefined : await tagIdOf(context, query.tag);
      const authorId = query.author === undefined ? undefined : await authorIdOf(context, query.author);
      const period = dayRange(edition.timeZone, query.from, query.to);
      const page = await context.archives.filtered(
        edition,
        { tagId, authorId, period },
        requestTime(),
        cursor,
        limit,
      );
      // A publication or withdrawal in the edition purges its front page's key: the list's too.
      publicAnswer(reply, [
        frontKey(edition.code),
        tagId === undefined ? null : tagKey(tagId, edition.code),
        authorId === undefined ? null : authorKey(authorId, edition.code),
        ...listedKeys(page.stories),
      ]);
      return {
        items: page.stories.map((story) => ({
          id: story.articleId,
          storyId: story.storyId,
          edition: edition.code,
          slug: story.slug ?? "",
          title: story.title,
          summary: story.summary,
          url: absoluteUrl(story.href, context.urls.origin(edition)),
          publishedAt: story.publishedAt,
          hero: story.picture
            ? {
                id: story.picture.mediaId,
                url: absoluteUrl(story.picture.src, context.urls.origin(edition)),
                width: story.picture.width,
                height: story.picture.height,
              }
            : null,
        })),
        next: nextPage(request, reply, context.publicUrl, page.older && encodeArticleCursor(page.older)),
      };
    },
  );

  scope.get(
    "/v1/articles/:id",
    {
      schema: {
        operationId: "getArticle",
        summary: "Get a published article by id",
        description:
          "The article with its body as stored (JSON) and as HTML, bylines, tags, hero picture and its translations. Drafts, scheduled and withdrawn articles are not found (404).",
        ...CONTENT_OPERATION,
        params: Type.Object({ id: IdParam }),
        querystring: NoQuery,
        response: { 200: Type.Ref("Article"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const page = await context.reader.publishedArticlePage(request.params.id, requestTime());
      if (!page) throw new NotFoundError("published article", request.params.id);
      return answerArticle(context, reply, page);
    },
  );

  scope.get(
    "/v1/editions/:edition/articles/:slug",
    {
      schema: {
        operationId: "getArticleBySlug",
        summary: "Get a published article by its edition and slug",
        description: "The same answer as getArticle, found by the slug of its address in the edition.",
        ...CONTENT_OPERATION,
        params: Type.Object({
          edition: editionParam(codes),
          slug: slugParam("The article's slug."),
        }),
        querystring: NoQuery,
        response: { 200: Type.Ref("Article"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const edition = context.editions.get(request.params.edition);
      const page = await context.reader.articlePage(edition, request.params.slug, requestTime());
      if (!page) throw new NotFoundError(`published article in ${edition.code}`, request.params.slug);
      return answerArticle(context, reply, page);
    },
  );
}

export function encodeArticleCursor(cursor: Cursor): string {
  return encodeCursor(formatCursor(cursor));
}

/** A tag's id from its key; an unknown key is a filter that cannot match: the client's error. */
export async function tagIdOf(context: ContentApiContext, key: string): Promise<number> {
  const tag = await context.db.selectFrom("tags").select("id").where("key", "=", key).executeTakeFirst();
  if (!tag) throw new ValidationError("querystring/tag", `no tag has the key "${key}"`);
  return tag.id;
}

/** An author's id from their slug or id. */
export async function authorIdOf(context: ContentApiContext, slugOrId: string): Promise<number> {
  const id = rowIdFrom(slugOrId);
  const author = await (id === null ? context.authors.findBySlug(slugOrId) : context.authors.findById(id));
  if (!author) throw new ValidationError("querystring/author", `no author has the slug or id "${slugOrId}"`);
  return author.id;
}

async function answerArticle(context: ContentApiContext, reply: FastifyReply, page: ArticlePageData) {
  publicAnswer(reply, articlePageKeys(page, collectBodyReferences(page.article.body).storyIds, []));
  return articleJson(context, page);
}

async function articleJson(context: ContentApiContext, page: ArticlePageData) {
  const { edition, article } = page;
  const origin = context.urls.origin(edition);
  const pictures = new Map([...page.pictures].map(([id, picture]) => [id, absolutePicture(picture, origin)]));
  const stories = new Map(
    [...page.stories].map(([id, story]) => [id, { ...story, href: absoluteUrl(story.href, origin) }]),
  );
  const bodyHtml = absoluteBodyHtml(
    article.body,
    { readLabel: messagesFor(edition.code).readCallout, stories, pictures },
    origin,
  );
  return {
    id: article.id,
    storyId: article.storyId,
    edition: edition.code,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    url: page.canonicalUrl,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    body: article.body,
    bodyHtml,
    bylines: page.authors.map(({ id, name, slug, url }) => ({ id, name, slug, url })),
    tags: page.tags.map(({ id, key, kind, name, slug, language }) => ({
      id,
      key,
      kind,
      name,
      slug,
      language,
    })),
    hero: page.hero ? await heroJson(context, edition, page) : null,
    source: page.source,
    translations: page.translations.map((translation) => ({
      edition: translation.edition.code,
      id: translation.articleId,
      title: translation.title,
      url: translation.absoluteUrl,
    })),
  };
}

async function heroJson(context: ContentApiContext, edition: Edition, page: ArticlePageData) {
  if (!page.hero) return null;
  return pictureJson(context, edition, page.hero, await context.media.describe(page.hero.mediaId));
}
