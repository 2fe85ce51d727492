import type { ComponentChildren } from "preact";
import { formatUtc } from "../../views/utc-time.ts";
import type {
  Dashboard,
  DashboardItem,
  DashboardPanel,
  EditionCount,
  ReviewItem,
} from "../dashboard-service.ts";

/** The newsroom's home: what is the user's to do, and what the desk is waiting on. */
export function HomePage(props: { dashboard: Dashboard; canCreate: boolean; canSeeAudience: boolean }) {
  const { dashboard } = props;
  return (
    <>
      <h1>Dashboard</h1>
      <p class="article-links">
        {props.canCreate ? (
          <>
            <a href="/newsroom/articles/new">New story</a> ·{" "}
          </>
        ) : null}
        <a href="/newsroom/articles">All articles</a>
        {props.canSeeAudience ? (
          <>
            {" "}
            · <a href="/newsroom/audience">Audience numbers</a>
          </>
        ) : null}
      </p>
      <div class="dashboard-grid">
        <Panel
          id="my-drafts"
          title="My drafts"
          panel={dashboard.myDrafts}
          more="/newsroom/articles?status=draft"
          empty="No drafts of yours."
        >
          {(item) => <ItemLine item={item} time={item.updatedAt} timeLabel="saved" />}
        </Panel>
        <Panel
          id="review"
          title="Waiting for review"
          panel={dashboard.waitingForReview}
          more="/newsroom/articles?status=review"
          empty="Nothing is waiting for review."
        >
          {(item: ReviewItem) => (
            <>
              <ItemLine item={item} time={item.updatedAt} timeLabel="sent" />
              {item.note ? (
                <p class="note-excerpt">
                  <span class="note-meta">{item.note.by}:</span> {excerpt(item.note.text)}
                </p>
              ) : null}
            </>
          )}
        </Panel>
        <Panel
          id="scheduled"
          title="Scheduled"
          panel={dashboard.scheduled}
          more="/newsroom/articles?status=scheduled"
          empty="Nothing is scheduled."
        >
          {(item) => <ItemLine item={item} time={item.publishedAt ?? item.updatedAt} timeLabel="for" />}
        </Panel>
        {dashboard.pendingEdits !== null ? (
          <section class="dash-panel" aria-labelledby="dash-pending-edits" data-panel="pending-edits">
            <h2 id="dash-pending-edits">
              Edits to live articles{" "}
              <span class="count" data-count={dashboard.pendingEdits}>
                {dashboard.pendingEdits}
              </span>
            </h2>
            <p>
              {dashboard.pendingEdits === 0 ? (
                "No edit waits for approval."
              ) : (
                <a href="/newsroom/review">Review them in the review queue</a>
              )}
            </p>
          </section>
        ) : null}
        {dashboard.outdatedTranslations ? (
          <EditionCounts
            id="outdated"
            title="Outdated translations"
            counts={dashboard.outdatedTranslations}
            href={(edition) => `/newsroom/translations?edition=${edition}&state=outdated`}
            hint="The original changed since they were translated (among the desk's newest stories)."
          />
        ) : null}
        {dashboard.pendingComments ? (
          <EditionCounts
            id="comments"
            title="Comments waiting"
            counts={dashboard.pendingComments}
            href={(edition) => `/newsroom/comments/${edition}`}
            hint="Readers' comments held for moderation."
          />
        ) : null}
        <section class="dash-panel dash-wide" aria-labelledby="dash-published" data-panel="published">
          <h2 id="dash-published">Recently published</h2>
          {dashboard.recentlyPublished.length === 0 ? (
            <p>Nothing published yet.</p>
          ) : (
            <ul class="dash-list">
              {dashboard.recentlyPublished.map((item) => (
                <li key={item.id}>
                  <ItemLine item={item} time={item.publishedAt ?? item.updatedAt} timeLabel="" />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function Panel<T extends DashboardItem>(props: {
  id: string;
  title: string;
  panel: DashboardPanel<T>;
  more: string;
  empty: string;
  children: (item: T) => ComponentChildren;
}) {
  const { panel } = props;
  return (
    <section class="dash-panel" aria-labelledby={`dash-${props.id}`} data-panel={props.id}>
      <h2 id={`dash-${props.id}`}>
        {props.title}{" "}
        <span class="count" data-count={panel.count}>
          {panel.count}
        </span>
      </h2>
      {panel.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="dash-list">
          {panel.items.map((item) => (
            <li key={item.id}>{props.children(item)}</li>
          ))}
        </ul>
      )}
      {panel.count > panel.items.length ? (
        <p>
          <a href={props.more}>All {panel.count}</a>
        </p>
      ) : null}
    </section>
  );
}

function ItemLine({ item, time, timeLabel }: { item: DashboardItem; time: string; timeLabel: string }) {
  return (
    <>
      <a href={`/newsroom/articles/${item.id}/edit`}>{item.title}</a>{" "}
      <span class="nr-role">{item.edition}</span>{" "}
      <span class="hint">
        {timeLabel} <time dateTime={time}>{formatUtc(time)}</time>
      </span>
    </>
  );
}

function EditionCounts(props: {
  id: string;
  title: string;
  counts: readonly EditionCount[];
  href: (edition: string) => string;
  hint: string;
}) {
  const total = props.counts.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <section class="dash-panel" aria-labelledby={`dash-${props.id}`} data-panel={props.id}>
      <h2 id={`dash-${props.id}`}>
        {props.title}{" "}
        <span class="count" data-count={total}>
          {total}
        </span>
      </h2>
      <p class="hint">{props.hint}</p>
      <ul class="edition-counts">
        {props.counts.map((entry) => (
          <li key={entry.edition}>
            <a href={props.href(entry.edition)}>
              <span class="nr-role">{entry.edition}</span>{" "}
              <span data-edition-count={entry.edition}>{entry.count}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A note's first words: the whole note is on the article's workflow page. */
function excerpt(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139).trimEnd()}…`;
}
