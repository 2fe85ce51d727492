import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { can } from "../../accounts/authorization/policy.ts";
import type { ArticleStatus } from "../../db/schema.ts";
import { NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { ValidationError } from "../../shared/errors.ts";
import { ARTICLE_STATUSES, type ArticleListFilter, listArticles } from "../dashboard/article-list.ts";
import { bulkActionsFor } from "../dashboard/bulk-actions.ts";
import { loadDashboard } from "../dashboard/dashboard-service.ts";
import { ArticleListPage } from "../dashboard/views/article-list-page.tsx";
import { HomePage } from "../dashboard/views/home-page.tsx";
import { listAuthors } from "../editor/editor-lookups.ts";
import { csrfToken } from "../http/csrf.ts";
import { idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";

const ListQuerySchema = QueryOf("q", "edition", "status", "authorId", "tagId", "from", "to", "page", "done");

/** /newsroom, the dashboard; /newsroom/articles, every article by story, filtered and paged. */
export function registerDashboardRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  scope.get("/", { schema: { querystring: NoQuery } }, async (request, reply) => {
    const user = currentUser(request);
    return context.pages.render(
      request,
      reply,
      { title: "Dashboard", current: "dashboard" },
      <HomePage
        dashboard={await loadDashboard(context.db, user, context.editionCodes)}
        canCreate={can(user, "article.create")}
        canSeeAudience={can(user, "audience.view")}
      />,
    );
  });

  scope.get("/articles", { schema: { querystring: ListQuerySchema } }, async (request, reply) => {
    const user = currentUser(request);
    const filter = listFilter(request.query, context.editionCodes);
    const [list, authors, tags] = await Promise.all([
      listArticles(context.db, user, filter),
      listAuthors(context.db),
      context.db
        .selectFrom("tagNames")
        .select(["tagId as id", "name"])
        .where("edition", "=", context.editionCodes[0] ?? "en")
        .orderBy("name")
        .limit(500)
        .execute(),
    ]);
    const done = request.query.done === "deleted" ? "Deleted." : null;
    return context.pages.render(
      request,
      reply,
      { title: "Articles", current: "articles" },
      <ArticleListPage
        list={list}
        filter={filter}
        choices={{ editions: context.editionCodes, authors, tags }}
        bulkActions={bulkActionsFor(user)}
        canCreate={can(user, "article.create")}
        csrfToken={csrfToken(request)}
        notice={done}
      />,
    );
  });
}

/** The list's filter from its query string: a value that names nothing is a 400 saying so. */
type ListQuery = Static<typeof ListQuerySchema>;

function listFilter(query: Partial<ListQuery>, editions: readonly string[]): ArticleListFilter {
  const text = (name: keyof ListQuery) => {
    const value = query[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const id = (name: "authorId" | "tagId") => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = idParam(value);
    if (parsed === undefined) throw new ValidationError(name, `"${value.slice(0, 20)}" is not an id`);
    return parsed;
  };
  const edition = text("edition");
  if (edition !== undefined && !editions.includes(edition)) {
    throw new ValidationError("edition", `there is no "${edition.slice(0, 20)}" edition`);
  }
  const status = text("status");
  if (status !== undefined && !ARTICLE_STATUSES.includes(status as ArticleStatus)) {
    throw new ValidationError("status", `choose one of ${ARTICLE_STATUSES.join(", ")}`);
  }
  const page = text("page");
  if (page !== undefined && !/^[1-9]\d{0,4}$/.test(page))
    throw new ValidationError("page", "is a page number");
  return {
    q: text("q")?.slice(0, 200),
    edition,
    status: status as ArticleStatus | undefined,
    authorId: id("authorId"),
    tagId: id("tagId"),
    from: text("from"),
    to: text("to"),
    page: page === undefined ? undefined : Number(page),
  };
}
