import type { FastifyInstance } from "fastify";
import { can } from "../../accounts/authorization/policy.ts";
import { latestArticles } from "../dashboard/latest-articles.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { DashboardPage } from "../views/dashboard-page.tsx";

/** /newsroom: the latest articles for now (the article list of the editor will replace it). */
export function registerDashboardRoutes(scope: FastifyInstance, context: NewsroomContext): void {
  scope.get("/", async (request, reply) => {
    const user = currentUser(request);
    return context.pages.render(
      request,
      reply,
      { title: "Articles", current: "articles" },
      <DashboardPage
        articles={await latestArticles(context.db, user, 50)}
        canCreate={can(user, "article.create")}
        role={user.role}
      />,
    );
  });
}
