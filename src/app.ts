import Fastify, { type FastifyInstance } from "fastify";
import { AuthorService } from "./authors/author-service.ts";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { Editions } from "./editions/edition-service.ts";
import { FeedService } from "./feeds/feed-service.ts";
import { registerMediaRoutes } from "./media/media-routes.ts";
import { registerErrorMapping } from "./shared/http-errors.ts";
import { ArchiveService } from "./site/archive-service.ts";
import { CompressionPolicy, registerCompression } from "./site/http/compression.ts";
import { registerConditionalGet } from "./site/http/conditional-get.ts";
import { ReaderService } from "./site/reader-service.ts";
import { registerSiteRoutes } from "./site/site-routes.ts";
import { SiteUrls } from "./site/site-urls.ts";

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Log requests (off in tests). */
  logger?: boolean;
}

/** Builds the HTTP server and registers every feature: the only wiring in Tribune. */
export async function buildApp({ config, database, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  });
  registerErrorMapping(app);
  // ETag and 304 first, on the body as routes make it; compression after, only for what is sent.
  const compression = new CompressionPolicy();
  registerConditionalGet(app, { compression });
  registerCompression(app, compression);
  const editions = new Editions(config.editions, config.defaultEdition);
  const urls = new SiteUrls(config.publicUrl);
  const reader = new ReaderService(database.db, editions, urls, config.mediaDir);
  registerMediaRoutes(app, { mediaDir: config.mediaDir });
  const feeds = new FeedService({
    db: database.db,
    editions,
    urls,
    mediaDir: config.mediaDir,
    siteName: config.siteName,
    content: config.feedContent,
  });
  const archives = new ArchiveService(database.db, urls, config.mediaDir);
  const authors = new AuthorService(database.db);
  registerSiteRoutes(app, {
    reader,
    archives,
    authors,
    editions,
    urls,
    feeds,
    siteName: config.siteName,
    db: database.db,
    publicUrl: config.publicUrl,
  });
  await app.ready();
  return app;
}
