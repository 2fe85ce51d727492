import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { beaconScript } from "../audience/beacon-asset.ts";
import type { MostRead } from "../audience/most-read.ts";
import type { AuthorService } from "../authors/author-service.ts";
import { STATIC_KEY, setSurrogateKeys } from "../cache/surrogate-keys.ts";
import type { CommentServices } from "../comments/comment-service.ts";
import type { Db } from "../db/database.ts";
import type { Readiness } from "../db/readiness.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { serveHashedAssets } from "../http/hashed-asset.ts";
import type { LiveService } from "../live/live-service.ts";
import type { NewsletterServices } from "../newsletters/newsletter-services.ts";
import type { RelatedService } from "../related/related-service.ts";
import type { SearchService } from "../search/search-service.ts";
import type { ArchiveService } from "./archive-service.ts";
import { commentRoutes } from "./comments/comment-routes.ts";
import { commentsScript, commentsStylesheet } from "./comments/http/comment-assets.ts";
import { registerEditionRouter } from "./edition-router.ts";
import { embedPlayerScript } from "./embeds/embed-player-asset.ts";
import { registerEmbedPlayerRoute } from "./embeds/embed-player-route.ts";
import { feedRoutes } from "./feeds/feed-routes.ts";
import type { FeedService } from "./feeds/feed-service.ts";
import { liveScript } from "./live/live-asset.ts";
import { newsletterRoutes } from "./newsletter/newsletter-routes.tsx";
import type { PageReader } from "./pages/page-reader.ts";
import { pageRoute } from "./pages/page-route.tsx";
import type { ReaderService } from "./reader-service.ts";
import { NoQuery } from "./route-schemas.ts";
import { authorArchiveRoute, dateArchiveRoutes, tagArchiveRoute } from "./routes/archive-routes.tsx";
import { articleRoute } from "./routes/article-route.tsx";
import { frontRoute } from "./routes/front-route.tsx";
import { searchRoute } from "./search/search-route.tsx";
import type { SiteContext } from "./site-context.ts";
import { type SitePages, siteStylesheet } from "./site-pages.tsx";
import { registerSitemapRoutes } from "./sitemaps/sitemap-routes.ts";

export interface SiteDependencies {
  /** The site's layout and error pages (the app's error handler answers with them too). */
  pages: SitePages;
  reader: ReaderService;
  archives: ArchiveService;
  related: RelatedService;
  authors: AuthorService;
  mostRead: MostRead;
  live: LiveService;
  editions: Editions;
  urls: SiteUrls;
  feeds: FeedService;
  search: SearchService;
  /** Reader comments: the thread pages, counts, posting and flagging. */
  comments: CommentServices;
  /** Newsletter sign-up, confirmation and unsubscribing (null: the site sends no e-mail). */
  newsletters: NewsletterServices | null;
  /** Pages (about, contact…) as readers get them. */
  pageReader: PageReader;
  /** For the sitemaps, which query articles directly and live on the main host. */
  db: Db;
  publicUrl: string;
  /** Whether the database answers and its migrations are current (`/readyz`). */
  readiness: () => Promise<Readiness>;
}

const Health = Type.Object({ status: Type.Literal("ok") });
const Ready = Type.Object({ status: Type.Literal("ready") });
const NotReady = Type.Object({
  status: Type.Literal("unavailable"),
  reason: Type.String(),
  pendingMigrations: Type.Optional(Type.Array(Type.String())),
});

/** The reader site: every edition's pages, by prefix or by host, plus its stylesheet and health check. */
export async function registerSiteRoutes(app: FastifyInstance, deps: SiteDependencies): Promise<void> {
  const { pages } = deps;
  const context: SiteContext = {
    reader: deps.reader,
    archives: deps.archives,
    related: deps.related,
    authors: deps.authors,
    mostRead: deps.mostRead,
    live: deps.live,
    editions: deps.editions,
    urls: deps.urls,
    pages,
  };

  serveHashedAssets(
    app,
    [siteStylesheet, commentsScript, commentsStylesheet, embedPlayerScript, beaconScript, liveScript],
    {
      beforeSend: (reply) => setSurrogateKeys(reply, [STATIC_KEY]),
      routeOptions: { schema: { querystring: NoQuery } },
    },
  );
  registerEmbedPlayerRoute(app, deps.db);
  // X-Worker names the process that answered: with `serve --workers N`, which worker (for checks).
  app.get(
    "/healthz",
    { schema: { querystring: NoQuery, response: { 200: Health } } },
    async (_request, reply) => {
      reply.header("x-worker", String(process.pid));
      return { status: "ok" };
    },
  );
  // /healthz says the process answers; /readyz that it can serve: a load balancer sends it traffic.
  app.get(
    "/readyz",
    { schema: { querystring: NoQuery, response: { 200: Ready, 503: NotReady } } },
    async (_request, reply) => {
      reply.header("x-worker", String(process.pid)).header("cache-control", "no-store");
      const readiness = await deps.readiness();
      if (readiness.ready) return { status: "ready" as const };
      const { ready: _, ...why } = readiness;
      return reply.code(503).send({ status: "unavailable" as const, ...why });
    },
  );

  registerSitemapRoutes(app, {
    db: deps.db,
    editions: deps.editions,
    urls: deps.urls,
    siteNameFor: (edition) => deps.pages.siteNameFor(edition),
    publicUrl: deps.publicUrl,
  });

  await registerEditionRouter(app, {
    editions: deps.editions,
    pages,
    routes: [
      frontRoute(context),
      ...feedRoutes(context, deps.feeds),
      articleRoute(context),
      tagArchiveRoute(context),
      authorArchiveRoute(context),
      ...dateArchiveRoutes(context),
      searchRoute(context, deps.search),
      ...commentRoutes(context, deps.comments),
      ...newsletterRoutes(context, deps.newsletters),
      // A page's slug is one segment, which no static segment above may be (src/pages/page.ts).
      pageRoute({ reader: deps.pageReader, pages, urls: deps.urls, editions: deps.editions }),
    ],
  });
}
