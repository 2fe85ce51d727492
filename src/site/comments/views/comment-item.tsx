import { CommentText } from "../../../comments/comment-text.tsx";
import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";
import type { ThreadComment } from "../../../comments/thread-tree.ts";
import type { Edition } from "../../../editions/edition.ts";
import { formatDateTime } from "../../../shared/i18n/format.ts";

export interface CommentItemProps {
  comment: ThreadComment;
  edition: Edition;
  messages: CommentMessages;
  /** Where "Reply" leads without script: the thread page with the reply form. */
  replyHref: (id: number) => string;
  flagAction: (id: number) => string;
  /** Closed threads show no reply links. */
  open: boolean;
}

/** One comment and its replies; a removed comment keeps its place with a note instead of its text. */
export function CommentItem(props: CommentItemProps) {
  const { comment, edition, messages } = props;
  return (
    <li id={`comment-${comment.id}`} class={`comment depth-${comment.depth}`}>
      {comment.removed ? (
        <p class="comment-removed">{messages.removed}</p>
      ) : (
        <article aria-labelledby={`comment-${comment.id}-author`}>
          <header class="comment-meta">
            <strong id={`comment-${comment.id}-author`} class="comment-author" dir="auto">
              {comment.authorName}
            </strong>
            {comment.verified ? <span class="comment-verified"> · {messages.verified}</span> : null}
            {comment.replyToName !== null ? (
              <span class="comment-reply-to">
                {" "}
                · <bdi>{messages.inReplyTo(comment.replyToName)}</bdi>
              </span>
            ) : null}{" "}
            ·{" "}
            <a class="comment-permalink" href={`#comment-${comment.id}`}>
              <time datetime={comment.createdAt}>{formatDateTime(edition, comment.createdAt)}</time>
            </a>
            {comment.editedAt ? <span class="comment-edited"> · {messages.edited}</span> : null}
          </header>
          <CommentText text={comment.text} />
          <footer class="comment-actions">
            {props.open ? (
              <a
                class="comment-reply"
                href={props.replyHref(comment.id)}
                data-reply={comment.id}
                data-reply-label={messages.replyTo(comment.authorName)}
              >
                {messages.reply}
              </a>
            ) : null}
            <form class="comment-flag" method="post" action={props.flagAction(comment.id)}>
              <input type="hidden" name="reason" value="abuse" />
              <button type="submit" class="link-button">
                {messages.flag}
              </button>
            </form>
          </footer>
        </article>
      )}
      {comment.children.length > 0 ? (
        <ol class="comment-replies">
          {comment.children.map((child) => (
            <CommentItem key={child.id} {...props} comment={child} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
