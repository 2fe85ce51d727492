import type { NewsletterCatalogue } from "../../shared/i18n/newsletter.ts";

/** A newsletter page's message, with a link on, or a form of one button (confirm, unsubscribe). */
export function NewsletterPage(props: {
  title: string;
  message: string;
  alert?: boolean;
  /** A one-button form: where it posts, the token it carries, its label. */
  button?: { action: string; token: string; label: string };
  link: { href: string; label: string };
}) {
  return (
    <div class="newsletter-page">
      <h1>{props.title}</h1>
      <p role={props.alert ? "alert" : "status"}>{props.message}</p>
      {props.button ? (
        <form method="post" action={props.button.action} accept-charset="utf-8">
          <input type="hidden" name="t" value={props.button.token} />
          <button type="submit">{props.button.label}</button>
        </form>
      ) : null}
      <p>
        <a href={props.link.href}>{props.link.label}</a>
      </p>
    </div>
  );
}

/** The sign-up form on a page of its own, with what went wrong. */
export function SignUpPage(props: {
  messages: NewsletterCatalogue;
  action: string;
  error: string;
  email: string;
}) {
  const { messages } = props;
  return (
    <div class="newsletter-page">
      <h1>{messages.subscribeTitle}</h1>
      <form method="post" action={props.action} accept-charset="utf-8">
        <p role="alert" id="newsletter-error">
          {props.error}
        </p>
        <label for="newsletter-page-email">{messages.email}</label>{" "}
        <input
          id="newsletter-page-email"
          name="email"
          type="email"
          required
          maxLength={254}
          autocomplete="email"
          value={props.email}
          aria-describedby="newsletter-error"
        />{" "}
        <button type="submit">{messages.subscribe}</button>
      </form>
    </div>
  );
}
