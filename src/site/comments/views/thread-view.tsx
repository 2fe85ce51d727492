import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";
import type { ThreadOrder, ThreadPage } from "../../../comments/thread-service.ts";
import type { Edition } from "../../../editions/edition.ts";
import { CommentForm, type CommentFormProps } from "./comment-form.tsx";
import { CommentItem } from "./comment-item.tsx";

export interface ThreadViewProps {
  edition: Edition;
  messages: CommentMessages;
  thread: ThreadPage;
  /** A notice after posting or flagging. */
  notice: string | null;
  /** Links to this thread in another order or page. */
  href: (options: { order?: ThreadOrder; page?: number }) => string;
  replyHref: (id: number) => string;
  flagAction: (id: number) => string;
  /** The form, or null when the thread is closed. */
  form: CommentFormProps | null;
}

/**
 * The thread as one section: count, order, comments with their replies, pages, and the form. The
 * thread page shows it, and the article page's script loads the same section into its comments.
 */
export function ThreadView(props: ThreadViewProps) {
  const { edition, messages, thread } = props;
  const formatted = new Intl.NumberFormat(edition.locale).format(thread.total);
  return (
    <section id="comment-thread" class="comment-thread" aria-labelledby="comment-thread-title">
      <h2 id="comment-thread-title">{messages.commentCount(thread.total, formatted)}</h2>
      {props.notice ? (
        <p class="comment-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {thread.total > 1 ? (
        <p class="comment-order">
          {messages.order}:{" "}
          {(["oldest", "newest"] as const).map((order, index) => (
            <span key={order}>
              {index > 0 ? " · " : null}
              {thread.order === order ? (
                <strong aria-current="true">
                  {order === "oldest" ? messages.oldestFirst : messages.newestFirst}
                </strong>
              ) : (
                <a href={props.href({ order })}>
                  {order === "oldest" ? messages.oldestFirst : messages.newestFirst}
                </a>
              )}
            </span>
          ))}
        </p>
      ) : null}
      {thread.comments.length === 0 ? (
        <p class="comment-none">{messages.noComments}</p>
      ) : (
        <ol class="comment-list">
          {thread.comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              edition={edition}
              messages={messages}
              replyHref={props.replyHref}
              flagAction={props.flagAction}
              open={props.form !== null}
            />
          ))}
        </ol>
      )}
      {thread.pageCount > 1 ? (
        <nav class="pagination" aria-label={messages.order}>
          {thread.page > 1 ? (
            <a rel="prev" href={props.href({ order: thread.order, page: thread.page - 1 })}>
              ←
            </a>
          ) : null}{" "}
          <span>
            {thread.page} / {thread.pageCount}
          </span>{" "}
          {thread.page < thread.pageCount ? (
            <a rel="next" href={props.href({ order: thread.order, page: thread.page + 1 })}>
              →
            </a>
          ) : null}
        </nav>
      ) : null}
      {props.form ? <CommentForm {...props.form} /> : <p class="comment-closed">{messages.closed}</p>}
    </section>
  );
}
