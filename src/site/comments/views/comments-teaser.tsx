import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";
import { commentsScript, commentsStylesheet } from "../http/comment-assets.ts";

/** Where an article's comments live: the thread page, and its count (both cacheable on their own). */
export interface CommentLinks {
  threadHref: string;
  countHref: string;
}

/**
 * The article page's one comments control: closed, it says "Show comments" (with script, "Show
 * comments (N)"); opened without script, it links to the thread page; with script, the thread is
 * loaded into it. Nothing here depends on
 * the comments themselves, so the article page stays cached however busy its thread.
 */
export function CommentsSection({
  links,
  messages,
  label,
}: {
  links: CommentLinks;
  messages: CommentMessages;
  label: string;
}) {
  return (
    <section id="comments" class="comments" aria-label={label}>
      <details
        data-comments=""
        data-count-url={links.countHref}
        data-thread-url={links.threadHref}
        data-stylesheet={commentsStylesheet.path}
      >
        <summary>{messages.showComments}</summary>
        <div class="comments-body">
          <p>
            <a href={links.threadHref}>{messages.readAndJoin}</a>
          </p>
        </div>
      </details>
      {/* The page keeps its one stylesheet: the script adds the comments' own when the thread loads. */}
      <script src={commentsScript.path} defer />
    </section>
  );
}

/** The comment stylesheet and script (hashed, immutable URLs). */
export function CommentAssets() {
  return (
    <>
      <link rel="stylesheet" href={commentsStylesheet.path} />
      <script src={commentsScript.path} defer />
    </>
  );
}
