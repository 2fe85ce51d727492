import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";

/** What the form shows again after a refusal: everything typed but the e-mail, which no page ever carries. */
export interface CommentFormValues {
  name: string;
  text: string;
  parentId: number | null;
}

export interface CommentFormProps {
  messages: CommentMessages;
  action: string;
  values: CommentFormValues;
  /** The refusal, in the reader's language, shown above the fields. */
  error: string | null;
  /** The comment being answered, when the page was opened from its "Reply". */
  replyTo: { id: number; name: string } | null;
  /** Where to write a new comment instead of a reply. */
  newCommentHref: string;
  /** Verified readers are on: the sign-in link, and the e-mail may stay empty. */
  signInHref: string | null;
  /** Where the script asks whether a verified reader is signed in (null: verified readers are off). */
  meUrl: string | null;
  limits: { maxLength: number; maxLinks: number };
}

/**
 * The comment form: a plain POST that works without script. The field named "website" is the
 * honeypot — moved off screen by the stylesheet, out of the tab order, hidden from assistive
 * technology and from autofill; people leave it empty, form-filling bots do not.
 */
export function CommentForm(props: CommentFormProps) {
  const { messages, values } = props;
  const parentId = props.replyTo?.id ?? values.parentId;
  return (
    <form
      id="comment-form"
      class="comment-form"
      method="post"
      action={props.action}
      accept-charset="utf-8"
      data-me-url={props.meUrl ?? undefined}
    >
      <h3 id="comment-form-title" data-new-title={messages.writeComment}>
        {props.replyTo ? messages.replyTo(props.replyTo.name) : messages.writeComment}
      </h3>
      {props.error ? (
        <p class="comment-error" role="alert">
          <strong>{messages.refusalTitle}.</strong> {props.error}
        </p>
      ) : null}
      <input type="hidden" name="parent" value={parentId === null ? "" : String(parentId)} />
      <p class="comment-new" hidden={parentId === null}>
        <a href={props.newCommentHref}>{messages.cancelReply}</a>
      </p>
      <p class="comment-reader" hidden />
      <p class="field">
        <label for="comment-name">{messages.name}</label>
        <input
          id="comment-name"
          name="name"
          maxLength={80}
          required
          autocomplete="name"
          value={values.name}
        />
      </p>
      <p class="field comment-email-field">
        <label for="comment-email">{messages.email}</label>
        <input
          id="comment-email"
          name="email"
          type="email"
          maxLength={254}
          required={props.signInHref === null}
          autocomplete="email"
          aria-describedby="comment-email-help"
        />
        <small id="comment-email-help">
          {messages.emailHelp}
          {props.signInHref ? (
            <>
              {" "}
              {messages.verifiedHelp} <a href={props.signInHref}>{messages.signInLink}</a>
            </>
          ) : null}
        </small>
      </p>
      <div class="comment-hp" aria-hidden="true">
        <label for="comment-website">{messages.honeypot}</label>
        <input id="comment-website" name="website" tabIndex={-1} autocomplete="off" value="" />
      </div>
      <p class="field">
        <label for="comment-text">{messages.text}</label>
        <textarea
          id="comment-text"
          name="text"
          rows={6}
          required
          aria-describedby="comment-text-help"
          dir="auto"
        >
          {values.text}
        </textarea>
        <small id="comment-text-help">
          {messages.textHelp(props.limits.maxLength, props.limits.maxLinks)}
        </small>
      </p>
      <p>
        <button type="submit">{messages.post}</button>
      </p>
    </form>
  );
}
