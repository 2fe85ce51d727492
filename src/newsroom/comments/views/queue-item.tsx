import { Fragment } from "preact";
import { CommentText } from "../../../comments/comment-text.tsx";
import type { QueueItem } from "../../../comments/moderation/moderation-queue.ts";
import { plural } from "../../../shared/i18n/plural.ts";

/** The reasons a comment waits, as moderators read them. */
const REASONS: Record<string, string> = {
  "first-comment": "first comment of this commenter",
  premoderated: "the edition pre-moderates every comment",
  "word-list": "a word on the hold list",
  "word-list:spam": "a word on the spam list",
  "link-in-name": "a link in the name",
  duplicate: "the same text from several commenters",
  flagged: "flagged by readers",
};

/** The moderator's decisions on a comment, each with its keyboard shortcut (assets/moderation.js). */
const DECISIONS = [
  { action: "approve", label: "Approve", key: "a", class: "action-approve" },
  { action: "reject", label: "Reject", key: "r", class: "action-reject secondary" },
  { action: "spam", label: "Spam", key: "s", class: "action-spam danger" },
] as const;

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export interface QueueItemProps {
  item: QueueItem;
  articleHref: string;
  /** The next comment in the list: where the queue comes back to after an action on this one. */
  nextId: number | null;
  /** Buttons for actions (the queue); none on a commenter's history page. */
  actions: boolean;
}

/**
 * One comment in the queue: who (name, e-mail and address by hash only, their record), where (the
 * article), why it waits, the text, and the buttons. The buttons belong to the queue's one form
 * and post to their own action (formaction), so bulk checkboxes and one-click actions coexist.
 */
export function QueueItemView({ item, articleHref, nextId, actions }: QueueItemProps) {
  const record = Object.entries(item.record)
    .map(([status, count]) => `${count} ${status}`)
    .join(", ");
  const next = nextId === null ? "" : String(nextId);
  return (
    <li class="queue-item" id={`q-${item.id}`} tabIndex={-1} aria-labelledby={`q-${item.id}-who`}>
      <p class="queue-meta" id={`q-${item.id}-who`}>
        {actions ? (
          <label class="queue-select">
            <input type="checkbox" name="ids" value={String(item.id)} />{" "}
            <span class="visually-hidden">Select</span>
          </label>
        ) : null}{" "}
        <strong dir="auto">{item.authorName}</strong>
        {item.verified ? " (verified reader)" : ""} ·{" "}
        <a href={`/newsroom/comments/commenter/${item.emailHash}`}>commenter {item.emailHash.slice(0, 8)}</a>
        {record ? ` (${record})` : ""} · address {item.ipHash ? item.ipHash.slice(0, 8) : "unknown"} ·{" "}
        <time datetime={item.createdAt}>{DATE.format(new Date(item.createdAt))} UTC</time> · on{" "}
        <a href={articleHref}>{item.article.title}</a> ({item.article.edition})
      </p>
      <p class="queue-status">
        <span class={`status status-${item.status}`}>{item.status}</span>
        {item.reviewReason ? ` · ${REASONS[item.reviewReason] ?? item.reviewReason}` : ""}
        {item.flagsCount > 0
          ? ` · ${plural("en", item.flagsCount, { one: "1 flag", other: `${item.flagsCount} flags` })}`
          : ""}
        {item.editedAt ? " · edited" : ""}
        {item.article.closed ? " · thread closed" : ""}
      </p>
      {item.parent ? (
        <blockquote class="queue-parent">
          In reply to <strong dir="auto">{item.parent.authorName}</strong>:{" "}
          <span dir="auto">
            {item.parent.body.length > 200 ? `${item.parent.body.slice(0, 199)}…` : item.parent.body}
          </span>
        </blockquote>
      ) : null}
      <CommentText text={item.body} />
      {actions ? (
        <p class="queue-actions">
          {DECISIONS.map((decision) => (
            <Fragment key={decision.action}>
              <button
                type="submit"
                class={decision.class}
                formaction={`/newsroom/comments/item/${item.id}/${decision.action}`}
                name="next"
                value={next}
              >
                {decision.label} <kbd>{decision.key}</kbd>
              </button>{" "}
            </Fragment>
          ))}
          <a class="action-edit" href={`/newsroom/comments/item/${item.id}/edit`}>
            Edit <kbd>e</kbd>
          </a>{" "}
          <button
            type="submit"
            class="secondary"
            formaction={`/newsroom/comments/bans?kind=email&fromComment=${item.id}`}
            formnovalidate
          >
            Ban e-mail
          </button>{" "}
          <button
            type="submit"
            class="secondary"
            formaction={`/newsroom/comments/bans?kind=ip&fromComment=${item.id}`}
            formnovalidate
          >
            Ban address
          </button>{" "}
          <button
            type="submit"
            class="secondary"
            formaction={`/newsroom/comments/articles/${item.article.id}/${item.article.closed ? "reopen" : "close"}`}
          >
            {item.article.closed ? "Reopen thread" : "Close thread"}
          </button>
        </p>
      ) : null}
    </li>
  );
}
