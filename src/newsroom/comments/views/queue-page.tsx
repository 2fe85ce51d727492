import { COMMENT_POLICIES } from "../../../comments/comment-config.ts";
import type { EditionPolicy } from "../../../comments/comment-policy.ts";
import type { QueuePage, QueueTab } from "../../../comments/moderation/moderation-queue.ts";
import { QueueItemView } from "./queue-item.tsx";

const TAB_LABELS: Record<QueueTab, string> = { pending: "Pending", flagged: "Flagged", spam: "Spam" };

export interface QueuePageProps {
  csrf: string;
  edition: string;
  editions: readonly string[];
  tab: QueueTab;
  counts: Record<QueueTab, number>;
  queue: QueuePage;
  notice: string | null;
  error: string | null;
  articleHref: (article: QueuePage["items"][number]["article"]) => string;
  /** The edition's policy, and whether this user may change it (administrators). */
  policy: EditionPolicy;
  canSetPolicy: boolean;
}

/** The moderation queue of one edition: tabs, bulk actions, one comment after another. */
export function QueuePageView(props: QueuePageProps) {
  const { edition, tab, queue } = props;
  const here = `/newsroom/comments/${edition}?tab=${tab}${queue.page > 1 ? `&page=${queue.page}` : ""}`;
  return (
    <div class="moderation">
      <h1>Comments · {edition.toUpperCase()}</h1>
      <nav aria-label="Editions" class="moderation-editions">
        {props.editions.map((code) => (
          <a
            key={code}
            href={`/newsroom/comments/${code}?tab=${tab}`}
            aria-current={code === edition ? "page" : undefined}
          >
            {code.toUpperCase()}
          </a>
        ))}{" "}
        · <a href="/newsroom/comments/bans">Bans</a>
      </nav>
      <nav aria-label="Queues" class="moderation-tabs">
        {(Object.keys(TAB_LABELS) as QueueTab[]).map((name) => (
          <a
            key={name}
            href={`/newsroom/comments/${edition}?tab=${name}`}
            aria-current={name === tab ? "page" : undefined}
          >
            {TAB_LABELS[name]} ({props.counts[name]})
          </a>
        ))}
      </nav>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <p class="moderation-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject,{" "}
        <kbd>s</kbd> spam, <kbd>e</kbd> edit, <kbd>x</kbd> select.
      </p>
      {queue.items.length === 0 ? (
        <p>Nothing waits here.</p>
      ) : (
        <form method="post" action={`/newsroom/comments/${edition}/bulk`} id="queue-form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="return" value={here} />
          <p class="bulk-bar">
            With the selected comments:{" "}
            <button type="submit" name="action" value="approve">
              Approve
            </button>{" "}
            <button type="submit" name="action" value="reject" class="secondary">
              Reject
            </button>{" "}
            <button type="submit" name="action" value="spam" class="danger">
              Spam
            </button>
          </p>
          <ol class="queue">
            {queue.items.map((item, index) => (
              <QueueItemView
                key={item.id}
                item={item}
                articleHref={props.articleHref(item.article)}
                nextId={queue.items[index + 1]?.id ?? null}
                actions
              />
            ))}
          </ol>
        </form>
      )}
      {queue.pageCount > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {queue.page > 1 ? (
            <a href={`/newsroom/comments/${edition}?tab=${tab}&page=${queue.page - 1}`}>Previous</a>
          ) : null}{" "}
          Page {queue.page} of {queue.pageCount}{" "}
          {queue.page < queue.pageCount ? (
            <a href={`/newsroom/comments/${edition}?tab=${tab}&page=${queue.page + 1}`}>Next</a>
          ) : null}
        </nav>
      ) : null}
      <section class="moderation-policy" aria-labelledby="policy-title">
        <h2 id="policy-title">Policy of the {edition.toUpperCase()} edition</h2>
        {props.canSetPolicy ? (
          <form method="post" action={`/newsroom/comments/${edition}/policy`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <label for="policy">New comments</label>{" "}
            <select id="policy" name="policy">
              {COMMENT_POLICIES.map((name) => (
                <option key={name} value={name} selected={name === props.policy.policy}>
                  {name}
                </option>
              ))}
            </select>{" "}
            <label for="close-after">Close threads after (days, empty: never)</label>{" "}
            <input
              id="close-after"
              name="closeAfterDays"
              inputMode="numeric"
              size={5}
              value={props.policy.closeAfterDays === null ? "" : String(props.policy.closeAfterDays)}
            />{" "}
            <button type="submit">Save policy</button>
          </form>
        ) : (
          <p>
            {props.policy.policy}
            {props.policy.closeAfterDays !== null
              ? `, threads close after ${props.policy.closeAfterDays} days`
              : ""}{" "}
            (an administrator can change it).
          </p>
        )}
      </section>
    </div>
  );
}
