import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import { QueryOf } from "../../http/route-schemas.ts";
import type { SearchService } from "../../search/search-service.ts";
import { nowIso } from "../../shared/validate.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";

/**
 * `/newsroom/search?q=`: editors find any article, in every state and edition, to edit or link it;
 * the other roles find the articles their role may read (readableArticles), and no others.
 */
export function newsroomSearch(search: SearchService): NewsroomFeature {
  return (plainScope, context) => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    scope.get("/search", { schema: { querystring: QueryOf("q", "page") } }, async (request, reply) => {
      const user = currentUser(request);
      const text = request.query.q ?? "";
      const page =
        request.query.page !== undefined && /^\d{1,3}$/.test(request.query.page)
          ? Number(request.query.page)
          : 1;
      const only = readableArticles(user, nowIso());
      const result = text.trim() ? await search.searchNewsroom(text, { only, page }) : null;
      return context.pages.render(
        request,
        reply,
        { title: "Search articles", current: "search" },
        <section>
          <h1>Search articles</h1>
          <search>
            <form method="get" action="/newsroom/search">
              <label for="newsroom-q">Title, summary or slug, in any edition and state</label>{" "}
              <input id="newsroom-q" name="q" type="search" value={text} maxLength={200} />{" "}
              <button type="submit">Search</button>
            </form>
          </search>
          {result === null ? null : result.hits.length === 0 ? (
            <p>No article matches “{text}”.</p>
          ) : (
            <table class="search-results">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Edition</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((hit) => (
                  <tr key={hit.articleId}>
                    <td>
                      <a href={`/newsroom/articles/${hit.articleId}/edit`}>{hit.title}</a>
                    </td>
                    <td>{hit.edition}</td>
                    <td>{hit.status}</td>
                    <td>
                      <time datetime={hit.updatedAt}>{hit.updatedAt.slice(0, 16).replace("T", " ")} UTC</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result?.more ? (
            <p>
              <a href={`/newsroom/search?q=${encodeURIComponent(text)}&page=${page + 1}`}>More results</a>
            </p>
          ) : null}
        </section>,
      );
    });
  };
}
