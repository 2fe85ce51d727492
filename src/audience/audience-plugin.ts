import type { FastifyInstance } from "fastify";
import type { Db } from "../db/database.ts";
import { Lease, runWhileLeased } from "../db/lease.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { AudienceCounter } from "./audience-counter.ts";
import { registerAudienceRoutes } from "./audience-routes.ts";
import { MostRead } from "./most-read.ts";
import { ReloadFilter } from "./reader-filters.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Audience numbers of this process: the tallies not yet written, and the "most read" lists. */
    audience: Audience;
  }
}

export interface Audience {
  counter: AudienceCounter;
  mostRead: MostRead;
  /** Recomputes every edition's "most read" list now (the lease's holder does it on a schedule). */
  refreshMostRead(): Promise<string[]>;
}

/** The lease of the "most read" refresh: one process across all instances recomputes the lists. */
export const MOST_READ_LEASE = "most-read";

export interface AudienceOptions {
  db: Db;
  events: ContentEvents;
  editions: readonly Edition[];
  urls: SiteUrls;
  /** This process runs scheduled work: it competes for the lease of the "most read" refresh. */
  refreshes: boolean;
  holder: string;
  leaseTtlMs: number;
  /** How often each process writes its tallies (5 s). */
  flushEveryMs?: number | undefined;
  /** How often the lease's holder recomputes the "most read" lists (5 min). */
  refreshEveryMs?: number | undefined;
  clock?: (() => Date) | undefined;
}

/** Counting views, promotion impressions and clicks, and keeping the "most read" lists, in a serving process. */
export function registerAudience(app: FastifyInstance, options: AudienceOptions): Audience {
  const clock = options.clock ?? (() => new Date());
  const onError = (error: unknown) => app.log.error({ err: error }, "audience numbers failed");
  const counter = new AudienceCounter({
    db: options.db,
    flushEveryMs: options.flushEveryMs ?? 5_000,
    onError,
    clock,
  });
  const mostRead = new MostRead(options.db, options.urls, options.events);
  const audience: Audience = {
    counter,
    mostRead,
    refreshMostRead: () => mostRead.refresh(options.editions, clock()),
  };
  app.decorate("audience", audience);
  registerAudienceRoutes(app, {
    db: options.db,
    counter,
    reloads: new ReloadFilter(),
    editionCodes: options.editions.map((edition) => edition.code),
    clock,
  });

  let leased: { close(): Promise<void> } | undefined;
  let refreshing: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    counter.start();
    if (!options.refreshes) return;
    leased = await runWhileLeased({
      lease: new Lease(options.db, MOST_READ_LEASE, options.holder, options.leaseTtlMs),
      onError,
      start: async () => {
        await audience.refreshMostRead().catch(onError);
        refreshing = setInterval(() => {
          audience.refreshMostRead().catch(onError);
        }, options.refreshEveryMs ?? 300_000);
        refreshing.unref();
      },
      stop: async () => clearInterval(refreshing),
    });
  });
  // The drain of a graceful shutdown (src/cli/graceful-shutdown.ts) closes the app before the
  // database: the tallies of the last seconds are written here.
  app.addHook("onClose", async () => {
    clearInterval(refreshing);
    await leased?.close();
    await counter.close();
  });
  return audience;
}
