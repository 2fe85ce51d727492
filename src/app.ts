import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { Editions } from "./editions/edition-service.ts";
import { registerMediaRoutes } from "./media/media-routes.ts";
import { registerErrorMapping } from "./shared/http-errors.ts";
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
  const editions = new Editions(config.editions, config.defaultEdition);
  const urls = new SiteUrls(config.publicUrl);
  const reader = new ReaderService(database.db, editions, urls, config.mediaDir);
  registerMediaRoutes(app, { mediaDir: config.mediaDir });
  registerSiteRoutes(app, { reader, editions, urls, siteName: config.siteName });
  await app.ready();
  return app;
}
