import type { FastifyInstance } from "fastify";
import type { Editions } from "../editions/edition-service.ts";
import { registerEditionRouter } from "./edition-router.ts";
import type { ReaderService } from "./reader-service.ts";
import { articleRoute } from "./routes/article-route.tsx";
import { frontRoute } from "./routes/front-route.tsx";
import { tagRoute } from "./routes/tag-route.tsx";
import type { SiteContext } from "./site-context.ts";
import { SitePages, stylesheet, stylesheetPath } from "./site-pages.tsx";
import type { SiteUrls } from "./site-urls.ts";

export interface SiteDependencies {
  reader: ReaderService;
  editions: Editions;
  urls: SiteUrls;
  siteName: string;
}

/** The reader site: every edition's pages, by prefix or by host, plus its stylesheet and health check. */
export function registerSiteRoutes(app: FastifyInstance, deps: SiteDependencies): void {
  const pages = new SitePages(deps.urls, deps.siteName);
  const context: SiteContext = { reader: deps.reader, editions: deps.editions, urls: deps.urls, pages };

  app.get(stylesheetPath, async (_request, reply) =>
    reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(stylesheet),
  );
  app.get("/healthz", async () => ({ status: "ok" }));

  registerEditionRouter(app, {
    editions: deps.editions,
    pages,
    routes: [frontRoute(context), articleRoute(context), tagRoute(context)],
  });
}
