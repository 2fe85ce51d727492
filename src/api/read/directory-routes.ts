import { Type } from "typebox";
import {
  authorKey,
  bylineKey,
  mediaKey,
  missingKey,
  tagKey,
  tagNameKey,
} from "../../cache/surrogate-keys.ts";
import { NotFoundError } from "../../shared/errors.ts";
import type { TreeTag } from "../../tags/tag-service.ts";
import { CONTENT_OPERATION, NoQuery, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { type ContentApiContext, pictureJson } from "./content-context.ts";
import { publicAnswer } from "./content-http.ts";
import { slugParam } from "./content-schemas.ts";

/** GET /v1/tags, /v1/tags/{key}, /v1/authors, /v1/authors/{slug} and /v1/sources. */
export function directoryRoutes(scope: ApiScope, context: ContentApiContext): void {
  const { editions, urls } = context;
  const codes = editions.codes();

  const tagJson = (tag: TreeTag, byId: ReadonlyMap<number, TreeTag>) => ({
    id: tag.id,
    key: tag.key,
    kind: tag.kind,
    parent: tag.parentId === null ? null : (byId.get(tag.parentId)?.key ?? null),
    names: tag.names.flatMap((name) => {
      const edition = editions.find(name.edition);
      return edition ? [{ ...name, url: urls.absolute(edition, urls.tagPath(name.slug)) }] : [];
    }),
  });
  // What shows a tag: its names (tagname:) and descriptions (tag:), in every edition.
  const tagKeys = (tag: TreeTag) => codes.flatMap((code) => [tagNameKey(tag.id, code), tagKey(tag.id, code)]);

  scope.get(
    "/v1/tags",
    {
      schema: {
        operationId: "listTags",
        summary: "List the tags as a tree",
        description:
          "Every region, country, section and topic with its name, slug and archive in each edition; parents come before their children (nest them by `parent`).",
        ...CONTENT_OPERATION,
        querystring: NoQuery,
        response: { 200: Type.Object({ tags: Type.Array(Type.Ref("Tag")) }), ...problemResponses(400, 503) },
      },
    },
    async (_request, reply) => {
      const tree = await context.tags.tree();
      const byId = new Map(tree.map((tag) => [tag.id, tag]));
      // A new tag purges the editions' missing answers (tag.created): the tree with them.
      publicAnswer(reply, [...codes.map(missingKey), ...tree.flatMap(tagKeys)]);
      return { tags: tree.map((tag) => tagJson(tag, byId)) };
    },
  );

  scope.get(
    "/v1/tags/:key",
    {
      schema: {
        operationId: "getTag",
        summary: "Get a tag by its key",
        ...CONTENT_OPERATION,
        params: Type.Object({ key: slugParam("The tag's key.") }),
        querystring: NoQuery,
        response: { 200: Type.Ref("Tag"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const tree = await context.tags.tree();
      const tag = tree.find((t) => t.key === request.params.key);
      if (!tag) throw new NotFoundError("tag", request.params.key);
      publicAnswer(reply, tagKeys(tag));
      return tagJson(tag, new Map(tree.map((t) => [t.id, t])));
    },
  );

  const authorUrls = (slug: string) =>
    Object.fromEntries(
      editions.all.map((edition) => [edition.code, urls.absolute(edition, urls.authorPath(slug))]),
    );

  scope.get(
    "/v1/authors",
    {
      schema: {
        operationId: "listAuthors",
        summary: "List the authors",
        description: "Every author with a byline or a profile, by name, with their page in each edition.",
        ...CONTENT_OPERATION,
        querystring: NoQuery,
        response: {
          200: Type.Object({ authors: Type.Array(Type.Ref("Author")) }),
          ...problemResponses(400, 503),
        },
      },
    },
    async (_request, reply) => {
      const authors = await context.authors.list();
      // A new or renamed author announces author.changed: byline keys and the missing answers.
      publicAnswer(reply, [...codes.map(missingKey), ...authors.map((author) => bylineKey(author.id))]);
      return {
        authors: authors.map(({ id, slug, name }) => ({ id, slug, name, urls: authorUrls(slug) })),
      };
    },
  );

  scope.get(
    "/v1/authors/:slug",
    {
      schema: {
        operationId: "getAuthor",
        summary: "Get an author by slug",
        description: "The author's name, bio in each edition, links and photo.",
        ...CONTENT_OPERATION,
        params: Type.Object({ slug: slugParam("The author's slug.") }),
        querystring: NoQuery,
        response: { 200: Type.Ref("AuthorDetail"), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const author = await context.authors.findBySlug(request.params.slug);
      if (!author) throw new NotFoundError("author", request.params.slug);
      const bios = await Promise.all(
        editions.all.map(async (edition) => {
          const profile = await context.authors.readerProfile(author, edition.code);
          return [edition.code, profile] as const;
        }),
      );
      const edition = editions.default;
      const photo = author.photoMediaId
        ? await context.archives.picture(edition, author.photoMediaId)
        : undefined;
      publicAnswer(reply, [
        bylineKey(author.id),
        ...codes.map((code) => authorKey(author.id, code)),
        author.photoMediaId ? mediaKey(author.photoMediaId, edition.code) : null,
      ]);
      return {
        id: author.id,
        slug: author.slug,
        name: author.name,
        urls: authorUrls(author.slug),
        bios: Object.fromEntries(
          bios.flatMap(([code, profile]) => (profile.bio ? [[code, profile.bio.text]] : [])),
        ),
        links: bios[0]?.[1].links ?? [],
        photo: photo
          ? pictureJson(context, edition, photo, await context.media.describe(photo.mediaId))
          : null,
      };
    },
  );

  scope.get(
    "/v1/sources",
    {
      schema: {
        operationId: "listSources",
        summary: "List the sources stories are attributed to",
        ...CONTENT_OPERATION,
        querystring: NoQuery,
        response: {
          200: Type.Object({ sources: Type.Array(Type.Ref("Source")) }),
          ...problemResponses(400, 503),
        },
      },
    },
    async (_request, reply) => {
      // No change announces a new source, so no key could purge this list: browsers keep it a
      // minute and the page cache does not keep it at all.
      reply.header("cache-control", "public, max-age=60");
      return { sources: await context.sources.list() };
    },
  );
}
