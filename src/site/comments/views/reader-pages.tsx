import type { CommentMessages } from "../../../comments/i18n/comment-messages.ts";

/** A short page with one message (and a link on), for answers that have no thread to show. */
export function MessagePage(props: {
  title: string;
  message: string;
  linkHref: string;
  linkLabel: string;
  alert?: boolean;
}) {
  return (
    <div class="comments-page">
      <h1>{props.title}</h1>
      <p class={props.alert ? "comment-error" : "comment-notice"} role={props.alert ? "alert" : "status"}>
        {props.message}
      </p>
      <p>
        <a href={props.linkHref}>{props.linkLabel}</a>
      </p>
    </div>
  );
}

/** Asking for a sign-in link. */
export function SignInPage(props: {
  messages: CommentMessages;
  action: string;
  returnPath: string;
  error: string | null;
  sent: boolean;
}) {
  const { messages } = props;
  return (
    <div class="comments-page">
      <h1>{messages.signInTitle}</h1>
      {props.sent ? (
        <p class="comment-notice" role="status">
          {messages.signInSent}
        </p>
      ) : (
        <>
          <p>{messages.signInIntro}</p>
          <form class="comment-form" method="post" action={props.action} accept-charset="utf-8">
            {props.error ? (
              <p class="comment-error" role="alert">
                {props.error}
              </p>
            ) : null}
            <input type="hidden" name="return" value={props.returnPath} />
            <p class="field">
              <label for="sign-in-email">{messages.email}</label>
              <input
                id="sign-in-email"
                name="email"
                type="email"
                required
                maxLength={254}
                autocomplete="email"
              />
            </p>
            <p>
              <button type="submit">{messages.signInSend}</button>
            </p>
          </form>
        </>
      )}
    </div>
  );
}

/** The page an e-mailed link opens: one button, so that link scanners sign nobody in. */
export function ConfirmSignInPage(props: { messages: CommentMessages; action: string; token: string }) {
  return (
    <div class="comments-page">
      <h1>{props.messages.signInConfirmTitle}</h1>
      <form class="comment-form" method="post" action={props.action}>
        <input type="hidden" name="token" value={props.token} />
        <p>
          <button type="submit">{props.messages.signInConfirm}</button>
        </p>
      </form>
    </div>
  );
}
