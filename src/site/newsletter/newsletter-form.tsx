import type { NewsletterCatalogue } from "../../shared/i18n/newsletter.ts";

/**
 * The newsletter's sign-up form: one address, a plain POST that works without script. It holds no
 * per-reader token, so the pages it is on stay cacheable; the route checks the request's origin and
 * limits sign-ups per client instead. `place` keeps ids unique when a page shows it twice.
 */
export function NewsletterForm(props: {
  action: string;
  messages: NewsletterCatalogue;
  place: "footer" | "article";
}) {
  const { messages, place } = props;
  const id = `newsletter-${place}`;
  return (
    <section class={`newsletter newsletter-${place}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{messages.formHeading}</h2>
      <p id={`${id}-help`}>{messages.formHelp}</p>
      <form method="post" action={props.action} accept-charset="utf-8">
        <label for={`${id}-email`}>{messages.email}</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          required
          maxLength={254}
          autocomplete="email"
          aria-describedby={`${id}-help`}
        />
        <button type="submit">{messages.subscribe}</button>
      </form>
    </section>
  );
}
