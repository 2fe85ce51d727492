import type { Role } from "../../accounts/authorization/roles.ts";
import type { ArticleListItem } from "../dashboard/latest-articles.ts";

/** Which articles the list holds, as the read rule of each role has it (see policy.ts). */
const LISTED: Record<Role, string> = {
  contributor: "you may read (your own, and those published)",
  translator: "you may read (your editions', the originals they translate, and those published)",
  editor: "of all editions",
  admin: "of all editions",
};

/** The newsroom's front page for now: the latest articles of all editions. */
export function DashboardPage({
  articles,
  canCreate = false,
  role = "admin",
}: {
  articles: readonly ArticleListItem[];
  /** Show the way to the article editor's "New story" page. */
  canCreate?: boolean;
  /** Whose list it is: it holds only the articles that role may read. */
  role?: Role;
}) {
  return (
    <>
      <h1>Articles</h1>
      {canCreate ? (
        <p>
          <a href="/newsroom/articles/new">New story</a>
        </p>
      ) : null}
      {articles.length === 0 ? (
        <p>No articles yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="hint">
              The latest {articles.length} articles {LISTED[role]}, newest first.
            </caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Edition</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {articles.map((article) => (
                <tr key={article.id}>
                  <td>
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
          </table>
        </div>
      )}
    </>
  );
}

/** "2026-11-25 08:00 UTC": the newsroom works across time zones, so it says which. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
