import type { Edition } from "../../editions/edition.ts";
import type { PictureData } from "../../media/picture.ts";
import type { Highlighted } from "../../search/highlight.ts";
import type { FilterTag, SearchHit, SearchResults } from "../../search/search-service.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { formatDateTime } from "../../shared/i18n/format.ts";
import { LIST_EAGER } from "../views/story-list.tsx";
import { Thumbnail } from "../views/thumbnail.tsx";

/** Search results whose hits carry their story's photo, for the thumbnails. */
export type PicturedResults = Omit<SearchResults, "hits"> & {
  hits: (SearchHit & { picture: PictureData | null })[];
};

export interface SearchPageProps {
  edition: Edition;
  messages: Catalogue;
  /** Where the form sends its GET request (this page). */
  action: string;
  /** What the reader typed, as the box shows it again. */
  input: string;
  /** The filters as given, for the form. */
  form: { tag: string; from: string; to: string };
  tags: FilterTag[];
  /** Null before anything was searched. */
  results: PicturedResults | null;
  links: { previous: string | null; next: string | null };
}

/** The search form with its filters, then the results with their matches marked, then page links. */
export function SearchPage(props: SearchPageProps) {
  const { messages, results, form } = props;
  const heading = results?.query.text
    ? messages.searchResultsTitle(results.query.text)
    : messages.searchTitle;
  return (
    <section class="search">
      <h1>{heading}</h1>
      {/* The header's box is the page's search landmark; this form refines the search. */}
      <form class="search-form" method="get" action={props.action}>
        <p>
          <label for="search-q">{messages.search}</label>
          <input id="search-q" type="search" name="q" value={props.input} maxLength={200} />
          <button type="submit">{messages.search}</button>
        </p>
        <fieldset>
          <legend>{messages.searchFilters}</legend>
          <span class="field">
            <label for="search-tag">{messages.searchTopic}</label>
            <select id="search-tag" name="tag">
              <option value="">{messages.searchAnyTopic}</option>
              {props.tags.map((tag) => (
                <option key={tag.slug} value={tag.slug} selected={tag.slug === form.tag}>
                  {tag.name}
                </option>
              ))}
            </select>
          </span>
          <span class="field">
            <label for="search-from">{messages.searchFrom}</label>
            <input id="search-from" type="date" name="from" value={form.from} />
          </span>
          <span class="field">
            <label for="search-to">{messages.searchTo}</label>
            <input id="search-to" type="date" name="to" value={form.to} />
          </span>
        </fieldset>
      </form>
      {results ? <Results {...props} results={results} /> : <p>{messages.searchEmptyQuery}</p>}
    </section>
  );
}

function Results(props: SearchPageProps & { results: PicturedResults }) {
  const { results, messages, edition, links } = props;
  if (!results.query.text) return <p>{messages.searchEmptyQuery}</p>;
  const count = new Intl.NumberFormat(edition.locale).format(results.total);
  return (
    <>
      {results.query.truncated ? <p class="search-note">{messages.searchTruncated}</p> : null}
      <p class="search-count" role="status">
        {results.total === 0
          ? messages.searchNoResults(results.query.text)
          : results.more
            ? messages.searchResultCountMore(count)
            : messages.searchResultCount(results.total, count)}
      </p>
      {results.hits.length > 0 ? (
        <ol class="story-list search-results" start={(results.page - 1) * results.pageSize + 1}>
          {results.hits.map((hit, index) => (
            <li key={hit.articleId}>
              {hit.picture ? <Thumbnail picture={hit.picture} eager={index < LIST_EAGER} /> : null}
              <h2>
                <a href={hit.href}>
                  <Marked runs={hit.title} />
                </a>
              </h2>
              {hit.snippet.length > 0 ? (
                <p>
                  <Marked runs={hit.snippet} />
                </p>
              ) : null}
              <time datetime={hit.publishedAt}>{formatDateTime(edition, hit.publishedAt)}</time>
            </li>
          ))}
        </ol>
      ) : null}
      {links.previous || links.next ? (
        <nav class="pagination" aria-label={messages.pagination}>
          {links.previous ? (
            <a href={links.previous} rel="prev">
              {messages.previousPage}
            </a>
          ) : null}
          <span>{messages.pageOf(results.page, Math.max(results.page, results.pageCount))}</span>
          {links.next ? (
            <a href={links.next} rel="next">
              {messages.nextPage}
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** Highlighted text: every run as escaped text, the matching ones in <mark>. */
export function Marked({ runs }: { runs: Highlighted }) {
  return <>{runs.map((run, index) => (run.mark ? <mark key={index}>{run.text}</mark> : run.text))}</>;
}
