import { createServer } from "node:http";
import Fastify, { type FastifyInstance, type RouteOptions } from "fastify";
import { AccessTokenService } from "./accounts/access-token-service.ts";
import { ContentKeyService } from "./accounts/content-keys.ts";
import { adminApi } from "./api/admin/admin-api.ts";
import { isApiPath, registerApiScope } from "./api/api-scope.ts";
import { answerProblem } from "./api/problem.ts";
import { contentRoutes } from "./api/read/content-api.ts";
import { CONTENT_KEY_SECURITY_SCHEMES, contentKeys } from "./api/read/content-key.ts";
import { editionRoutes } from "./api/read/edition-routes.ts";
import { registerAudience } from "./audience/audience-plugin.ts";
import { AuthorService } from "./authors/author-service.ts";
import { newInstanceOrigin } from "./cache/cluster-relay.ts";
import { registerPageCache } from "./cache/page-cache-plugin.ts";
import { VarnishPurger } from "./cache/varnish-purger.ts";
import { createCommentServices } from "./comments/comment-service.ts";
import { type Config, guardedSecret, persistentSecret } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { databaseReadiness } from "./db/readiness.ts";
import { Editions } from "./editions/edition-service.ts";
import { SiteUrls } from "./editions/site-urls.ts";
import { EmbedFollower } from "./embeds/embed-follower.ts";
import { frameHostsOf } from "./embeds/embed-providers.ts";
import { EmbedService } from "./embeds/embed-service.ts";
import type { FeedFetchLimits } from "./feeds/feed-fetch.ts";
import { registerFeedPoller } from "./feeds/feed-plugin.ts";
import { CompressionPolicy, registerCompression } from "./http/compression.ts";
import { registerConditionalGet } from "./http/conditional-get.ts";
import { answerError, type ErrorPageRenderer, registerErrorMapping } from "./http/http-errors.ts";
import { loggedRequest } from "./http/log-redaction.ts";
import { registerNulGuard } from "./http/nul-guard.ts";
import { registerRequestIdEcho, requestIdOf } from "./http/request-id.ts";
import { sharedCompilersFactory } from "./http/schema-compilers.ts";
import {
  registerSiteSecurityHeaders,
  setSiteSecurityHeaders,
  siteSecurityHeaders,
} from "./http/security-headers.ts";
import { registerImportedUrlRedirects } from "./import/imported-urls.ts";
import { OwnPaths } from "./import/own-paths.ts";
import { LiveHub } from "./live/live-hub.ts";
import { LiveService } from "./live/live-service.ts";
import { configuredMailer } from "./mail/mailer.ts";
import { registerMediaRoutes } from "./media/media-routes.ts";
import { MediaService } from "./media/media-service.ts";
import { openMediaStore } from "./media/open-media-store.ts";
import { registerAppMetrics } from "./metrics/app-metrics.ts";
import { scheduleDigests } from "./newsletters/digest-scheduler.ts";
import { createNewsletterServices } from "./newsletters/newsletter-services.ts";
import { registerAudienceDashboard } from "./newsroom/audience/audience-routes.tsx";
import { newsroomAuthors } from "./newsroom/authors/author-routes.tsx";
import { registerCommentModeration } from "./newsroom/comments/moderation-routes.tsx";
import { registerArticleEditor } from "./newsroom/editor/editor-routes.tsx";
import { registerFeedDesk } from "./newsroom/feeds/feed-routes.tsx";
import { registerFrontPageDesk } from "./newsroom/front-page/front-page-routes.tsx";
import { registerLiveDesk } from "./newsroom/live/live-routes.tsx";
import { mediaLibrary, registerMediaLibraryAssets } from "./newsroom/media/media-library.ts";
import { registerNewsletterDesk } from "./newsroom/newsletters/newsletter-routes.tsx";
import { registerNewsroom } from "./newsroom/newsroom-routes.ts";
import { registerPageDesk } from "./newsroom/pages/page-routes.tsx";
import { registerPromotionManager } from "./newsroom/promotions/promotion-routes.tsx";
import { newsroomSearch } from "./newsroom/search/newsroom-search.tsx";
import { registerSettingsPages } from "./newsroom/settings/settings-routes.tsx";
import { registerSourceManager } from "./newsroom/sources/source-routes.tsx";
import { registerTagManager } from "./newsroom/tags/tag-routes.tsx";
import { registerWebhookDesk } from "./newsroom/webhooks/webhook-routes.tsx";
import { ReviewAlerts } from "./newsroom/workflow/review-alerts.ts";
import { registerEditorialDesk } from "./newsroom/workflow/workflow-features.ts";
import { FooterPages } from "./pages/footer-pages.ts";
import { RelatedService } from "./related/related-service.ts";
import { SearchService } from "./search/search-service.ts";
import { SettingsService } from "./settings/settings-service.ts";
import { ContentEvents } from "./shared/content-events.ts";
import { ArchiveService } from "./site/archive-service.ts";
import { readerErrorPages } from "./site/edition-router.ts";
import { FeedService } from "./site/feeds/feed-service.ts";
import { registerLiveStreams } from "./site/live/live-stream-route.ts";
import { SectionMenus } from "./site/navigation/section-menus.ts";
import { PageReader } from "./site/pages/page-reader.ts";
import { ReaderService } from "./site/reader-service.ts";
import { registerSiteIcons } from "./site/site-icons.ts";
import { SitePages } from "./site/site-pages.tsx";
import { registerSiteRoutes } from "./site/site-routes.ts";
import { SourceService } from "./sources/source-service.ts";
import { TagService } from "./tags/tag-service.ts";
import { registerWebhooks } from "./webhooks/webhook-plugin.ts";

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Log requests (off in tests). */
  logger?: boolean;
  /**
   * The one "content changed" event of this process, when the caller listens to it too (`serve`
   * connects it to the other workers and instances through src/cache/cluster-relay.ts).
   */
  events?: ContentEvents;
  /**
   * Announce scheduled publications when their time comes (while holding the schedule lease), send
   * webhook deliveries, and purge Varnish for changes made elsewhere (true; one process per
   * instance does).
   */
  watchSchedule?: boolean;
  /**
   * Names this instance (all the workers of one primary share it): the schedule lease is held in its
   * name, so a worker forked to replace the one that died takes the lease over at once instead of
   * waiting for it to run out. A process of its own by default.
   */
  instanceOrigin?: string;
  /** Where the webhook sender reads the time (tests move it past a retry's delay). */
  clock?: () => Date;
  /** How agency feeds are fetched beyond the configuration (tests shorten the timeout). */
  feedLimits?: Partial<FeedFetchLimits>;
  /** Called for every route as it is registered, before any feature registers one (the route-walk test). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the HTTP server and registers every feature: the only wiring in Tribune. */
export async function buildApp({
  config,
  database,
  logger = false,
  ...options
}: AppOptions): Promise<FastifyInstance> {
  const editions = new Editions(config.editions, config.defaultEdition);
  const urls = new SiteUrls(config.publicUrl);
  // Media files: MEDIA_DIR, or the S3 bucket MEDIA_STORE=s3 names; every reader and writer uses this one.
  const mediaStore = openMediaStore(config);
  // Services that change content announce it here (app.contentEvents); caches and search listen.
  const events =
    options.events ??
    new ContentEvents((error, change) =>
      app.log.error({ err: error, reasons: change.reasons }, "a content change listener failed"),
    );
  // The site's name, logo and editions' settings: the environment's, under what admins saved.
  const settings = await SettingsService.start({
    db: database.db,
    editions,
    siteName: config.siteName,
    mediaStore,
    events,
  });
  // The header's section menus: reloaded with the settings, and by changes to sections and tags.
  const menus = await SectionMenus.start(database.db, editions, events);
  const stopMenusFollowingSettings = settings.onReload(async () => {
    await menus.reload();
  });
  // The pages each edition's footer lists, kept in memory like the settings.
  const footer = await FooterPages.start(database.db, events);
  // With an SMTP server, every reader page's footer has the newsletter's sign-up form.
  const pages = new SitePages(urls, settings, editions.all, menus, footer, config.mail.smtpUrl !== null);
  const pageReader = new PageReader(database.db, editions, urls, mediaStore);
  const errorPages: ErrorPageRenderer = readerErrorPages(editions, pages);
  // Players of the embed providers allowed are the only frames a reader page may hold.
  const playerHosts = frameHostsOf(config.embeds.providers);
  const securityHeaders = siteSecurityHeaders(playerHosts);
  const app: FastifyInstance = Fastify({
    // Reset and invitation links hold their token in the path: the log keeps the path without it.
    // JSON lines (pino), each request's carrying its `reqId`.
    logger: logger ? { level: config.logLevel, serializers: { req: loggedRequest } } : false,
    // A proxy's X-Request-Id, when plausible, becomes the request's id; else a new UUID.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Errors met before routing (a path that does not decode) answer as every other error does.
    frameworkErrors: (error, request, reply) => {
      setSiteSecurityHeaders(reply, securityHeaders);
      // An API client gets a problem document even for a path that does not decode.
      if (isApiPath(request.url)) return answerProblem(error, request, reply);
      return answerError(error, request, reply, errorPages);
    },
    trustProxy: config.trustProxy === "none" ? false : config.trustProxy,
    // A schema that closes an object (additionalProperties: false) refuses unknown fields rather
    // than dropping them silently: an API client misspelling a field learns so.
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: sharedCompilersFactory },
    bodyLimit: 1024 * 1024,
    // The page cache answers what it holds before Fastify sees the request (page-cache-plugin.ts).
    serverFactory: (handler) => {
      const server = createServer((request, response) => {
        if (!app.answerFromPageCache?.(request, response)) handler(request, response);
      });
      // Fastify's defaults for the server it makes itself (connection and request timeouts stay 0).
      server.keepAliveTimeout = 72_000;
      return server;
    },
  });
  if (options.onRoute) app.addHook("onRoute", options.onRoute);
  // Before any route: the old-link redirects never look up a path the site's own routes answer.
  const ownPaths = new OwnPaths(editions.all.map((e) => e.prefix)).follow(app);
  app.decorate("contentEvents", events);
  app.addHook("onClose", () => {
    stopMenusFollowingSettings();
    menus.close();
    settings.close();
    footer.close();
  });
  registerRequestIdEcho(app);
  registerErrorMapping(app, errorPages);
  registerSiteSecurityHeaders(app, securityHeaders);
  registerNulGuard(app);
  // The onSend hooks run in this order: the page cache stores a cacheable body once, compressed in
  // every coding with its ETags, and sends the coding asked for; then ETag and 304 on what routes
  // made (bodies with an ETag are only compared, not hashed again); compression last, only for
  // bodies not yet encoded.
  const compression = new CompressionPolicy();
  registerPageCache(app, {
    events,
    db: database.db,
    editions,
    compression,
    maxBytes: config.pageCacheMb * 1024 * 1024,
    staleSeconds: config.pageCacheStaleSeconds,
    watchSchedule: options.watchSchedule ?? true,
    scheduleLease: {
      ttlMs: config.scheduleLeaseSeconds * 1000,
      ...(options.instanceOrigin ? { holder: options.instanceOrigin } : {}),
    },
    purgeFrontOnRemote: options.watchSchedule ?? true,
    purger:
      config.varnishUrls.length > 0
        ? new VarnishPurger({
            urls: config.varnishUrls,
            onError: (error, url) => app.log.warn({ err: error, url }, "Varnish purge failed"),
          })
        : undefined,
  });
  // Requests by route, the page cache, the database pool, job lag and the comment queue.
  registerAppMetrics(app, database);
  registerConditionalGet(app, { compression });
  registerCompression(app, compression);
  const reader = new ReaderService(database.db, editions, urls, mediaStore);
  registerMediaRoutes(app, { mediaStore });
  const feeds = new FeedService({
    db: database.db,
    editions,
    urls,
    mediaStore,
    siteNameFor: (edition) => settings.nameFor(edition),
    content: config.feedContent,
  });
  const archives = new ArchiveService(database.db, urls, mediaStore);
  const authors = new AuthorService(database.db, events);
  const related = new RelatedService(database.db, urls, editions);
  // One SMTP server for the site: readers' sign-in links and the newsroom's password resets.
  const mailer = configuredMailer(config.mail);
  if (mailer) app.addHook("onClose", () => mailer.close());
  const comments = createCommentServices({
    db: database.db,
    config: config.comments,
    secret: await guardedSecret(database.db, config, "comments"),
    events,
    mailer,
  });
  // Newsletters per edition: sign-ups, digests and their schedule (run where scheduled work runs).
  const newsletters = mailer
    ? createNewsletterServices({
        db: database.db,
        urls,
        mailer,
        secret: persistentSecret(config, "newsletters"),
        siteNameFor: (edition) => settings.nameFor(edition),
        from: config.mail.from,
        leaseTtlMs: config.scheduleLeaseSeconds * 1000,
      })
    : null;
  if (newsletters && (options.watchSchedule ?? true)) {
    let digestSchedule: { close(): Promise<void> } | undefined;
    app.addHook("onReady", async () => {
      digestSchedule = await scheduleDigests({
        db: database.db,
        editions,
        digests: newsletters.digests,
        holder: options.instanceOrigin ?? `digests:${process.pid}:${Math.random().toString(36).slice(2)}`,
        leaseTtlMs: config.scheduleLeaseSeconds * 1000,
        onError: (error) => app.log.error({ err: error }, "a scheduled newsletter digest failed"),
      });
    });
    app.addHook("onClose", async () => digestSchedule?.close());
  }
  // Reader search results are kept a few seconds and forgotten at every change, like pages, and
  // likewise not at all with PAGE_CACHE_MB=0 (tests change content without announcing it).
  const search = new SearchService(database.db, urls, {
    events: config.pageCacheMb > 0 ? events : undefined,
  });
  app.addHook("onClose", () => search.close());
  app.addHook("onClose", () => mediaStore.close());
  // Old links of a site moved in with `tribune import`: before the reader routes, which never end in "/".
  registerImportedUrlRedirects(app, { db: database.db, editions, urls, events, ownPaths });
  // Views and promotion clicks counted without a cookie, written in batches; the "most read" boxes.
  const audience = registerAudience(app, {
    db: database.db,
    events,
    editions: editions.all,
    urls,
    refreshes: options.watchSchedule ?? true,
    holder: options.instanceOrigin ?? newInstanceOrigin(),
    leaseTtlMs: config.scheduleLeaseSeconds * 1000,
    clock: options.clock,
  });
  registerSiteIcons(app, { identity: settings, mediaStore });
  // Live coverage: one hub per process holds its readers' event streams, fed by the content relay.
  const live = new LiveService(database.db, events, options.clock);
  const liveHub = new LiveHub({
    live,
    events,
    maxStreams: config.liveMaxStreams,
    heartbeatMs: config.liveHeartbeatSeconds * 1000,
    onError: (error) => app.log.error({ err: error }, "a live stream could not be fed"),
  });
  // Before the server stops taking connections: a drain must not wait for streams that never end.
  app.addHook("preClose", async () => liveHub.closeAll());
  app.decorate("liveHub", liveHub);
  registerLiveStreams(app, { hub: liveHub, live, editions, clock: options.clock });
  await registerSiteRoutes(app, {
    pages,
    reader,
    archives,
    related,
    authors,
    mostRead: audience.mostRead,
    live,
    editions,
    urls,
    feeds,
    search,
    comments,
    newsletters,
    pageReader,
    db: database.db,
    publicUrl: config.publicUrl,
    readiness: () => databaseReadiness(database),
  });
  // Webhooks: deliveries queued with each change, sent by the process that runs scheduled work.
  registerWebhooks(app, {
    db: database.db,
    events,
    editions,
    urls,
    allowPrivate: config.webhooks.allowPrivate,
    sends: options.watchSchedule ?? true,
    clock: options.clock,
  });
  // Agency feeds: polled by the process that runs scheduled work, each feed claimed in the database.
  const feedLimits = { allowPrivate: config.feeds.allowPrivate, ...options.feedLimits };
  registerFeedPoller(app, {
    db: database.db,
    media: new MediaService({ db: database.db, mediaStore }),
    limits: feedLimits,
    polls: options.watchSchedule ?? true,
    clock: options.clock,
  });
  // Articles sent to review through the API are announced to the editors as the newsroom's are.
  const apiReviewAlerts = mailer
    ? new ReviewAlerts({
        db: database.db,
        mailer,
        publicUrl: config.publicUrl,
        identity: settings,
        onError: (error) =>
          app.log.error({ err: error }, "an editor could not be told of an article to review"),
      })
    : null;
  // The content and admin API at /api, with its OpenAPI document and reference page.
  await registerApiScope(app, {
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    corsOrigins: config.api.corsOrigins,
    ...(config.api.requireContentKey ? { securitySchemes: CONTENT_KEY_SECURITY_SCHEMES } : {}),
    parts: [
      // First: the key check must be in place before the content routes it guards.
      contentKeys({
        keys: new ContentKeyService(database.db),
        required: config.api.requireContentKey,
        ratePerMinute: config.api.keyRatePerMinute,
      }),
      (scope) => editionRoutes(scope, { editions, urls }),
      (scope) =>
        contentRoutes(scope, {
          db: database.db,
          editions,
          urls,
          publicUrl: config.publicUrl,
          reader,
          archives,
          search,
          tags: new TagService(database.db),
          authors,
          sources: new SourceService(database.db),
          media: new MediaService({ db: database.db, mediaStore }),
        }),
      adminApi({
        db: database.db,
        events,
        editions,
        tokens: new AccessTokenService(database.db),
        comments,
        mediaStore,
        mediaMaxBytes: config.mediaMaxMb * 1024 * 1024,
        onSubmitted: apiReviewAlerts ? apiReviewAlerts.submitted.bind(apiReviewAlerts) : undefined,
      }),
    ],
  });
  // Embedded posts and videos: fetched when an editor adds one, and for bodies saved without them.
  const embeds = new EmbedService({
    db: database.db,
    events,
    media: new MediaService({
      db: database.db,
      mediaStore,
      maxBytes: config.mediaMaxMb * 1024 * 1024,
      events,
    }),
    config: config.embeds,
  });
  const embedFollower = EmbedFollower.start(embeds, events, (error, articleId) =>
    app.log.warn({ err: error, articleId }, "the embeds of a saved article could not be fetched"),
  );
  app.decorate("embedFollower", embedFollower);
  app.addHook("onClose", () => embedFollower.close());
  // The back office at /newsroom: its own scope with sessions, CSRF checks and no caching.
  registerMediaLibraryAssets(app);
  await registerNewsroom(app, {
    db: database.db,
    config,
    identity: settings,
    mailer,
    onMailError: (error) => app.log.error({ err: error }, "a password reset link could not be mailed"),
    playerHosts,
    features: [
      registerCommentModeration({ comments, editions, urls }),
      mediaLibrary({ mediaStore, maxMb: config.mediaMaxMb, events }),
      await registerArticleEditor(app, {
        db: database.db,
        embeds,
        editions,
        related,
        events,
        log: (message) => app.log.warn(message),
      }),
      registerEditorialDesk({
        events,
        editions,
        mediaStore,
        reader,
        related,
        urls,
        identity: settings,
        menus,
        footer,
        archives,
        mailer,
        publicUrl: config.publicUrl,
        onMailError: (error) =>
          app.log.error({ err: error }, "an editor could not be told of an article to review"),
      }),
      newsroomSearch(search),
      registerFrontPageDesk({ events, editions, archives }),
      registerTagManager({ events, editions, urls }),
      registerSourceManager({ events }),
      newsroomAuthors(authors),
      registerSettingsPages({ settings, editions }),
      registerPromotionManager({ events, editions }),
      registerAudienceDashboard({ editions, clock: options.clock }),
      registerLiveDesk({ live }),
      await registerPageDesk({ events, editions, urls, reader: pageReader, site: pages }),
      registerWebhookDesk({
        allowPrivate: config.webhooks.allowPrivate,
        keysRequired: config.api.requireContentKey,
      }),
      registerFeedDesk({ mediaStore, limits: feedLimits }),
      registerNewsletterDesk({ editions, newsletters }),
    ],
  });
  await app.ready();
  return app;
}
