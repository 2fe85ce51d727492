import { renderToString } from "preact-render-to-string";
import { BodyView } from "../../articles/body/body-view.tsx";
import type { Edition } from "../../editions/edition.ts";
import type { LiveCoverage, LiveEvent, LiveUpdate } from "../../live/live-service.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { formatDateTime } from "../../shared/i18n/format.ts";
import { liveScript } from "./live-asset.ts";

/** What an article page shows of its story's live coverage. */
export interface LivePageData {
  coverage: LiveCoverage;
  /** Pinned first, then newest first. */
  updates: LiveUpdate[];
  /** The newest event the page shows: its stream starts after it. */
  lastEventId: number;
}

/** The event stream of an article's updates (no edition prefix: every host serves it). */
export const liveStreamPath = (articleId: number) => `/live/${articleId}/events`;

const NO_PICTURES = new Map();

/**
 * The live updates under the article's standfirst, in the HTML (readable without script, cached
 * with the page, purged at each update). While coverage is on, a small script follows the event
 * stream and inserts, replaces and removes updates as they come.
 */
export function LiveUpdates({
  live,
  articleId,
  edition,
  messages,
}: {
  live: LivePageData;
  articleId: number;
  edition: Edition;
  messages: Catalogue;
}) {
  const ended = live.coverage.endedAt !== null;
  return (
    <section
      class="live"
      aria-labelledby="live-updates"
      data-live-stream={ended ? undefined : liveStreamPath(articleId)}
      data-after={String(live.lastEventId)}
    >
      <h2 id="live-updates">
        {ended ? null : <span class="live-label">{messages.live}</span>} {messages.liveUpdates}
      </h2>
      {ended ? <p class="live-ended">{messages.liveEnded}</p> : null}
      {live.updates.length === 0 ? <p class="live-empty">{messages.liveNoUpdates}</p> : null}
      <ol class="live-updates">
        {live.updates.map((update) => (
          <LiveUpdateItem key={update.id} update={update} edition={edition} messages={messages} />
        ))}
      </ol>
      {ended ? null : <script src={liveScript.path} defer />}
    </section>
  );
}

/** One update: its own link (`#update-<id>`), its time in the edition's zone, its flags and text. */
export function LiveUpdateItem({
  update,
  edition,
  messages,
}: {
  update: LiveUpdate;
  edition: Edition;
  messages: Catalogue;
}) {
  const classes = ["live-update", update.pinned ? "pinned" : "", update.keyEvent ? "key-event" : ""];
  return (
    <li
      id={`update-${update.id}`}
      class={classes.filter(Boolean).join(" ")}
      data-pinned={update.pinned ? "1" : undefined}
      data-created={update.createdAt}
    >
      <p class="live-meta">
        <a href={`#update-${update.id}`}>
          <time datetime={update.createdAt}>{formatDateTime(edition, update.createdAt)}</time>
        </a>
        {update.keyEvent ? <strong class="live-key">{messages.liveKeyEvent}</strong> : null}
        {update.pinned ? <span class="live-pinned">{messages.livePinned}</span> : null}
      </p>
      <div class="live-body">
        <BodyView
          doc={update.body}
          context={{ readLabel: messages.readCallout, stories: new Map(), pictures: NO_PICTURES }}
        />
      </div>
    </li>
  );
}

/** An event as the stream's `data:` line carries it: the update's HTML, rendered here and escaped. */
export function liveEventData(event: LiveEvent, edition: Edition, messages: Catalogue): string {
  if (!event.update) return JSON.stringify({ id: event.updateId });
  const html = renderToString(<LiveUpdateItem update={event.update} edition={edition} messages={messages} />);
  return JSON.stringify({
    id: event.updateId,
    pinned: event.update.pinned,
    createdAt: event.update.createdAt,
    html,
  });
}
