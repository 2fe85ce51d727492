import { CsrfInput, Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";
import {
  ARTICLE_STATUSES,
  type ArticleListFilter,
  type ArticleListPage as ListPage,
} from "../article-list.ts";
import { BULK_ACTIONS, type BulkAction } from "../bulk-actions.ts";

export interface ArticleListChoices {
  editions: readonly string[];
  authors: readonly { id: number; name: string }[];
  tags: readonly { id: number; name: string }[];
}

/** The query string of `filter` with `page`, for the pagination links. */
function pageHref(filter: ArticleListFilter, page: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filter, page })) {
    if (value !== undefined && value !== "" && !(name === "page" && value === 1))
      query.set(name, String(value));
  }
  const text = query.toString();
  return text === "" ? "/newsroom/articles" : `/newsroom/articles?${text}`;
}

/** Every article the user may read, by story, with filters, pages and actions on several at once. */
export function ArticleListPage(props: {
  list: ListPage;
  filter: ArticleListFilter;
  choices: ArticleListChoices;
  bulkActions: readonly BulkAction[];
  canCreate: boolean;
  csrfToken: string;
  notice?: string | null;
}) {
  const { list, filter, choices } = props;
  return (
    <>
      <h1>Articles</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.canCreate ? (
        <p>
          <a href="/newsroom/articles/new">New story</a>
        </p>
      ) : null}
      <search>
        <form method="get" action="/newsroom/articles" class="list-filters">
          <div class="field">
            <label for="filter-q">Title</label>
            <input id="filter-q" type="search" name="q" value={filter.q ?? ""} maxLength={200} />
          </div>
          <Select
            id="edition"
            label="Edition"
            value={filter.edition}
            options={choices.editions.map((code) => [code, code])}
          />
          <Select
            id="status"
            label="Status"
            value={filter.status}
            options={ARTICLE_STATUSES.map((status) => [status, status])}
          />
          <Select
            id="authorId"
            label="Byline"
            value={filter.authorId?.toString()}
            options={choices.authors.map((author) => [String(author.id), author.name])}
          />
          <Select
            id="tagId"
            label="Tag"
            value={filter.tagId?.toString()}
            options={choices.tags.map((tag) => [String(tag.id), tag.name])}
          />
          <div class="field">
            <label for="filter-from">Saved from</label>
            <input id="filter-from" type="date" name="from" value={filter.from ?? ""} />
          </div>
          <div class="field">
            <label for="filter-to">to</label>
            <input id="filter-to" type="date" name="to" value={filter.to ?? ""} />
          </div>
          <div class="filter-buttons">
            <button type="submit">Filter</button> <a href="/newsroom/articles">Clear</a>
          </div>
        </form>
      </search>
      <p class="hint" data-total={list.total}>
        {list.total === 1 ? "1 story" : `${list.total} stories`}
        {list.pageCount > 1 ? `, page ${list.page} of ${list.pageCount}` : ""}, the most recently saved first.
      </p>
      {list.stories.length === 0 ? (
        <p>No article matches.</p>
      ) : (
        <>
          <form method="post" action="/newsroom/articles/bulk" id="bulk-form" class="bulk-form">
            <CsrfInput token={props.csrfToken} />
            {props.bulkActions.length > 0 ? (
              <>
                <label for="bulk-action">With the ticked articles</label>{" "}
                <select id="bulk-action" name="action" required>
                  <option value="">choose…</option>
                  {props.bulkActions.map((action) => (
                    <option key={action} value={action}>
                      {BULK_ACTIONS[action].label}
                    </option>
                  ))}
                </select>{" "}
                <button type="submit">Apply</button>
              </>
            ) : null}
          </form>
          <div class="table-wrap">
            <table class="article-list">
              <thead>
                <tr>
                  {props.bulkActions.length > 0 ? (
                    <th scope="col">
                      <span class="visually-hidden">Select</span>
                    </th>
                  ) : null}
                  <th scope="col">Title</th>
                  <th scope="col">Edition</th>
                  <th scope="col">Status</th>
                  <th scope="col">Saved</th>
                </tr>
              </thead>
              {list.stories.map((story) => (
                <tbody key={story.storyId} class="story-group" data-story={story.storyId}>
                  {story.articles.map((article, index) => (
                    <tr
                      key={article.id}
                      data-article={article.id}
                      class={index === 0 ? "story-first" : "story-more"}
                    >
                      {props.bulkActions.length > 0 ? (
                        <td>
                          <input
                            type="checkbox"
                            name="ids"
                            value={article.id}
                            form="bulk-form"
                            aria-label={`Select ${article.title} (${article.edition})`}
                          />
                        </td>
                      ) : null}
                      <td class="title-cell">
                        <a href={`/newsroom/articles/${article.id}/edit`}>{article.title}</a>
                      </td>
                      <td>{article.edition}</td>
                      <td>
                        <span class={`status status-${article.status}`}>{article.status}</span>
                      </td>
                      <td class="nowrap">
                        <time dateTime={article.updatedAt}>{formatUtc(article.updatedAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
          {list.pageCount > 1 ? (
            <nav class="pagination" aria-label="Pages">
              {list.page > 1 ? (
                <a href={pageHref(filter, list.page - 1)} rel="prev">
                  Newer
                </a>
              ) : null}{" "}
              <span>
                Page {list.page} of {list.pageCount}
              </span>{" "}
              {list.page < list.pageCount ? (
                <a href={pageHref(filter, list.page + 1)} rel="next">
                  Older
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}

function Select(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly [string, string][];
}) {
  return (
    <div class="field">
      <label for={`filter-${props.id}`}>{props.label}</label>
      <select id={`filter-${props.id}`} name={props.id}>
        <option value="">any</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
