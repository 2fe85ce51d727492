import { type Static, Type } from "typebox";
import type { RenderedSearchPage, SearchService } from "../../search/search-service.ts";
import { SLUG_SOURCE } from "../../shared/slug.ts";
import { MAX_QUERY_CHARACTERS } from "../../shared/text/query-parser.ts";
import { type EditionRequest, type EditionRoute, editionRoute } from "../edition-router.ts";
import type { SiteContext } from "../site-context.ts";
import { SearchPage } from "./search-page.tsx";

/** Search pages may be kept by browsers for a minute, but not by shared caches: queries are endless. */
export const SEARCH_CACHE_CONTROL = "public, max-age=60";

const PAGE = /^\d{1,4}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TAG = new RegExp(`^${SLUG_SOURCE}$`, "u");

/**
 * What the search page reads: strings, whatever they hold (the filters are checked here, and one
 * that makes no sense is dropped rather than refused), other parameters ignored.
 */
const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String()),
    tag: Type.Optional(Type.String()),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    page: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/**
 * `/search?q=&tag=&from=&to=&page=`: an edition's search page. Whatever the parameters hold, the
 * answer is a normal page: the query is parsed into words, and filters that make no sense are dropped.
 * Each page, searched and rendered, waits for its turn among the process's searches (SearchService.page):
 * past the bound it is the edition's "busy" page, 503 with Retry-After. A page kept or being rendered
 * for the same parameters is answered without waiting: a popular query costs one render per few seconds.
 */
export function searchRoute(context: SiteContext, search: SearchService): EditionRoute {
  return editionRoute({
    url: "/search",
    querystring: SearchQuery,
    handle: async (request) => {
      const { reply, edition, query } = request;
      const form = formOf(query);
      const key = JSON.stringify([edition.code, form.input, form.tag, form.from, form.to, form.page]);
      const page = await search.page(key, () => searchPage(context, search, request, form));
      return context.pages.sendKept(reply, page.status, page.html, SEARCH_CACHE_CONTROL);
    },
  });
}

/** What the page shows of the parameters: the words (bounded) and the filters that make sense. */
function formOf(query: Static<typeof SearchQuery>) {
  const pageParam = pick(query.page, PAGE);
  return {
    input: (query.q ?? "").slice(0, MAX_QUERY_CHARACTERS * 2).trim(),
    tag: pick(query.tag, TAG),
    from: pick(query.from, DAY),
    to: pick(query.to, DAY),
    page: pageParam ? Number(pageParam) : 1,
  };
}

async function searchPage(
  context: SiteContext,
  search: SearchService,
  { edition, messages, now }: EditionRequest<unknown, Static<typeof SearchQuery>>,
  { input, page, ...form }: ReturnType<typeof formOf>,
): Promise<RenderedSearchPage> {
  const [tags, found] = await Promise.all([
    search.filterTags(edition),
    input === ""
      ? null
      : search.search(edition, input, { tagSlug: form.tag, from: form.from, to: form.to, page }, now),
  ]);
  const results = found && { ...found, hits: await context.archives.withPictures(edition, found.hits) };
  const path = context.urls.href(edition, "/search", edition);
  const linkTo = (target: number) => {
    const params = new URLSearchParams({ q: input });
    if (form.tag) params.set("tag", form.tag);
    if (form.from) params.set("from", form.from);
    if (form.to) params.set("to", form.to);
    if (target > 1) params.set("page", String(target));
    return `${path}?${params}`;
  };
  const links = {
    previous: results && results.page > 1 ? linkTo(results.page - 1) : null,
    next: results && results.page < results.pageCount ? linkTo(results.page + 1) : null,
  };
  const title = results?.query.text ? messages.searchResultsTitle(results.query.text) : messages.searchTitle;
  const html = context.pages.pageHtml(
    edition,
    {
      title,
      description: `${messages.searchTitle} · ${context.pages.siteNameFor(edition)}`,
      robots: indexable(results, form) ? undefined : "noindex",
    },
    <SearchPage
      edition={edition}
      messages={messages}
      action={path}
      input={input.slice(0, MAX_QUERY_CHARACTERS)}
      form={form}
      tags={tags}
      results={results}
      links={links}
    />,
    {
      // The same words searched in the other edition (its filters name this edition's tags: dropped).
      counterpart: () => (input === "" ? "/search" : `/search?${new URLSearchParams({ q: input })}`),
    },
  );
  return { status: 200, html };
}

/**
 * A query's first page of results, unfiltered, is a page worth finding from a search engine (readers
 * land on "/search?q=elections" as on a topic); the empty form, a query that found nothing, filtered
 * and later pages are endless variations of it and stay out of the index.
 */
function indexable(
  results: { hits: readonly unknown[]; page: number } | null,
  form: { tag: string; from: string; to: string },
): boolean {
  if (!results || results.hits.length === 0 || results.page > 1) return false;
  return form.tag === "" && form.from === "" && form.to === "";
}

function pick(value: string | undefined, pattern: RegExp): string {
  return value !== undefined && pattern.test(value) ? value : "";
}
