import type { AgencyFeedPollRow } from "../../../db/schema.ts";
import type { FeedForm, FeedSummary, QueuedItem } from "../../../feeds/feed-model.ts";
import type { IntakeRecord } from "../../../feeds/intake-history.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";

export function feedUrl(id: number): string {
  return `/newsroom/feeds/${id}`;
}

export interface SourceChoice {
  id: number;
  name: string;
}

export function emptyFeedForm(edition: string): FeedForm {
  return { name: "", url: "", edition, sourceId: "", credit: "", pollMinutes: "15", enabled: true };
}

/** Name, address, edition, source, credit, interval, enabled: the same for a new feed and an edited one. */
function FeedFields(props: {
  form: FeedForm;
  editions: readonly string[];
  sources: readonly SourceChoice[];
}) {
  const { form } = props;
  return (
    <>
      <label>
        Name <span class="hint">(the agency and the wire: “Reuters World”)</span>
        <input type="text" name="name" value={form.name} required maxLength={120} />
      </label>
      <label>
        Address <span class="hint">(RSS, Atom or ninjs JSON, http or https)</span>
        <input type="url" name="url" value={form.url} required placeholder="https://" />
      </label>
      <label>
        Edition <span class="hint">(its drafts are written in this edition)</span>
        <select name="edition">
          {props.editions.map((code) => (
            <option key={code} value={code} selected={code === form.edition}>
              {code}
            </option>
          ))}
        </select>
      </label>
      <label>
        Source <span class="hint">(the attribution its drafts carry; add one under Sources)</span>
        <select name="sourceId">
          <option value="" selected={form.sourceId === ""}>
            None
          </option>
          {props.sources.map((source) => (
            <option key={source.id} value={String(source.id)} selected={String(source.id) === form.sourceId}>
              {source.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Photo credit <span class="hint">(when an item gives none; the source's name otherwise)</span>
        <input type="text" name="credit" value={form.credit} maxLength={120} />
      </label>
      <label>
        Poll every (minutes)
        <input type="number" name="pollMinutes" value={form.pollMinutes} min={1} max={1440} required />
      </label>
      <fieldset>
        <legend>Polling</legend>
        <label>
          <input type="checkbox" name="enabled" value="yes" checked={form.enabled} /> Enabled (polled on its
          schedule)
        </label>
      </fieldset>
    </>
  );
}

function pollOutcome(poll: AgencyFeedPollRow | null): string {
  if (!poll) return "never polled";
  if (poll.status === "failed") return `failed ${formatUtc(poll.startedAt)}`;
  if (poll.status === "unchanged") return `unchanged ${formatUtc(poll.startedAt)}`;
  if (poll.status === "running") return `polling since ${formatUtc(poll.startedAt)}`;
  return `${poll.newItems} new, ${poll.duplicates} duplicates ${formatUtc(poll.startedAt)}`;
}

export interface FeedsPageProps {
  feeds: readonly FeedSummary[];
  editions: readonly string[];
  sources: readonly SourceChoice[];
  csrf: string;
  form: FeedForm;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/feeds: the agency feeds, their last poll, and a form for a new one. */
export function FeedsPage(props: FeedsPageProps) {
  return (
    <>
      <h1>Agency feeds</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        Each new item of a feed becomes a draft in its edition's{" "}
        <a href="/newsroom/feeds/queue">agency queue</a>.
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Edition</th>
              <th scope="col">Source</th>
              <th scope="col">Every</th>
              <th scope="col">Enabled</th>
              <th scope="col">Last poll</th>
            </tr>
          </thead>
          <tbody>
            {props.feeds.map((feed) => (
              <tr key={feed.id}>
                <td>
                  <a href={feedUrl(feed.id)}>{feed.name}</a>
                </td>
                <td>{feed.edition}</td>
                <td>{feed.sourceName ?? ""}</td>
                <td>{feed.pollMinutes} min</td>
                <td>{feed.enabled ? "yes" : "no"}</td>
                <td>
                  {pollOutcome(feed.lastPoll)}
                  {feed.lastPoll?.error ? <span class="error-text"> (error)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.feeds.length === 0 ? <p>No feeds yet.</p> : null}

      <h2 id="new-feed">New feed</h2>
      <FormError message={props.error} />
      <form method="post" action="/newsroom/feeds" class="stack" aria-labelledby="new-feed">
        <CsrfInput token={props.csrf} />
        <FeedFields form={props.form} editions={props.editions} sources={props.sources} />
        <div>
          <button type="submit">Add feed</button>
        </div>
      </form>
    </>
  );
}

export interface FeedPageProps {
  feed: FeedSummary;
  polls: readonly AgencyFeedPollRow[];
  editions: readonly string[];
  sources: readonly SourceChoice[];
  csrf: string;
  form: FeedForm;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/feeds/:id: the feed's settings, "Poll now", and its recent polls with their errors. */
export function FeedPage(props: FeedPageProps) {
  const { feed } = props;
  return (
    <>
      <p>
        <a href="/newsroom/feeds">← Agency feeds</a>
      </p>
      <h1>{feed.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <form method="post" action={`${feedUrl(feed.id)}/poll`}>
        <CsrfInput token={props.csrf} />
        <button type="submit">Poll now</button>{" "}
        <span class="hint">Next poll on its schedule: {formatUtc(feed.nextPollAt)}</span>
      </form>

      <h2 id="polls">Recent polls</h2>
      <div class="table-wrap">
        <table aria-labelledby="polls">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Outcome</th>
              <th scope="col">New</th>
              <th scope="col">Duplicates</th>
              <th scope="col">Errors</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {props.polls.map((poll) => (
              <tr key={poll.id} data-poll-status={poll.status}>
                <td>{formatUtc(poll.startedAt)}</td>
                <td>{poll.finishedAt ? formatUtc(poll.finishedAt) : ""}</td>
                <td>{poll.status}</td>
                <td>{poll.newItems}</td>
                <td>{poll.duplicates}</td>
                <td>{poll.itemErrors}</td>
                <td class="poll-error">{poll.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.polls.length === 0 ? <p>Not polled yet.</p> : null}

      <h2 id="settings">Settings</h2>
      <FormError message={props.error} />
      <form method="post" action={feedUrl(feed.id)} class="stack" aria-labelledby="settings">
        <CsrfInput token={props.csrf} />
        <FeedFields form={props.form} editions={props.editions} sources={props.sources} />
        <div>
          <button type="submit">Save</button> <a href={`${feedUrl(feed.id)}/delete`}>Delete…</a>
        </div>
      </form>
    </>
  );
}

export interface QueuePageProps {
  items: readonly QueuedItem[];
  editions: readonly string[];
  edition: string | null;
  csrf: string;
}

/** /newsroom/feeds/queue: the agency drafts, waiting ones first; "Take" makes one yours and opens it. */
export function QueuePage(props: QueuePageProps) {
  return (
    <>
      <h1>Agency queue</h1>
      <p>
        Edition:{" "}
        {[null, ...props.editions].map((code) => (
          <span key={code ?? "all"}>
            {code === props.edition ? (
              <strong>{code ?? "all"}</strong>
            ) : (
              <a href={code ? `/newsroom/feeds/queue?edition=${code}` : "/newsroom/feeds/queue"}>
                {code ?? "all"}
              </a>
            )}{" "}
          </span>
        ))}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Feed</th>
              <th scope="col">Edition</th>
              <th scope="col">Arrived</th>
              <th scope="col">Taken by</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr key={item.id} data-agency-item={item.id}>
                <td>
                  <form method="post" action={`/newsroom/feeds/queue/${item.id}/take`} class="inline-form">
                    <CsrfInput token={props.csrf} />
                    <span>{item.title}</span>{" "}
                    <button type="submit" aria-label={`Take “${item.title}”`}>
                      {item.takenBy ? "Open" : "Take"}
                    </button>
                  </form>
                  {item.link ? (
                    <a class="hint" href={item.link} rel="noopener noreferrer">
                      original
                    </a>
                  ) : null}
                </td>
                <td>{item.feedName ?? "(deleted feed)"}</td>
                <td>{item.edition}</td>
                <td>{formatUtc(item.createdAt)}</td>
                <td>{item.takenBy ?? "waiting"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.items.length === 0 ? <p>No agency drafts.</p> : null}
    </>
  );
}

/** /newsroom/imports: what came in, imports and polls, newest first, with counts and errors. */
export function IntakeHistoryPage({ records }: { records: readonly IntakeRecord[] }) {
  return (
    <>
      <h1>Imports and feeds</h1>
      <p>Each WordPress import (tribune import wordpress) and each poll of an agency feed, newest first.</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Outcome</th>
              <th scope="col">Counts</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={`${record.kind}-${record.startedAt}-${record.subject}`} data-kind={record.kind}>
                <td>
                  {record.kind === "import" ? "Import: " : "Feed: "}
                  {record.feedId !== null ? (
                    <a href={feedUrl(record.feedId)}>{record.subject}</a>
                  ) : (
                    record.subject
                  )}
                </td>
                <td>{formatUtc(record.startedAt)}</td>
                <td>{record.finishedAt ? formatUtc(record.finishedAt) : ""}</td>
                <td>{record.status}</td>
                <td>{record.counts}</td>
                <td>
                  {record.errors.length === 0 ? (
                    "none"
                  ) : (
                    <ul>
                      {record.errors.slice(0, 20).map((error, index) => (
                        <li key={index}>{error}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {records.length === 0 ? <p>Nothing imported or polled yet.</p> : null}
    </>
  );
}
