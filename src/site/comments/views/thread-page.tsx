import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";
import { CommentAssets } from "./comments-teaser.tsx";
import { ThreadView, type ThreadViewProps } from "./thread-view.tsx";

/** The thread's own page: the article's headline, a way back to it, and the thread. */
export function ThreadPageView(
  props: ThreadViewProps & { title: string; articleHref: string; messages: CommentMessages },
) {
  return (
    <div class="comments-page">
      <p class="comments-back">
        <a href={props.articleHref}>← {props.messages.backToArticle}</a>
      </p>
      <h1>{props.messages.threadTitle(props.title)}</h1>
      <ThreadView {...props} />
      <CommentAssets />
    </div>
  );
}
