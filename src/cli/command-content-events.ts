import { ContentOutbox, newInstanceOrigin, relayLocalChanges } from "../cache/cluster-relay.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { ContentEvents } from "../shared/content-events.ts";
import { followContentChanges } from "../webhooks/webhook-outbox.ts";

/**
 * The content events of a command that changes what readers see (`tribune import`), heard by a
 * running site as a newsroom edit is. Each unit of work writes its change to the content outbox,
 * which the serving processes read to purge their caches, and its webhook deliveries, in its own
 * transaction, as the server's do, so the sender of a running server (which looks at the outbox
 * every few seconds) delivers them. Nothing is sent from the command itself. Call `close` when the
 * command is done.
 */
export function commandContentEvents(
  db: Db,
  config: Pick<Config, "editions" | "defaultEdition" | "publicUrl">,
  onError: (error: unknown) => void,
): { events: ContentEvents; close: () => void } {
  const events = new ContentEvents((error) => onError(error));
  const stopRelay = relayLocalChanges({
    events,
    outbox: new ContentOutbox(db, newInstanceOrigin()),
    onError,
  });
  const stopWebhooks = followContentChanges({
    db,
    events,
    editions: new Editions(config.editions, config.defaultEdition),
    urls: new SiteUrls(config.publicUrl),
    onQueued: () => {},
  });
  return {
    events,
    close: () => {
      stopWebhooks();
      stopRelay();
    },
  };
}
