import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import { Type } from "typebox";
import type { Edition } from "../../editions/edition.ts";
import type { NewsletterServices } from "../../newsletters/newsletter-services.ts";
import { TooManyAttemptsError, ValidationError } from "../../shared/errors.ts";
import { newsletterMessagesFor } from "../../shared/i18n/newsletter.ts";
import { isSameOrigin } from "../comments/http/request-context.ts";
import { type EditionRoute, editionRoute } from "../edition-router.ts";
import { IgnoredQuery } from "../route-schemas.ts";
import type { SiteContext } from "../site-context.ts";
import { NEWSLETTER_SUBSCRIBE_PATH } from "../site-pages.tsx";
import { NewsletterPage, SignUpPage } from "./newsletter-pages.tsx";

const TokenQuery = Type.Object(
  { t: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: true },
);

/**
 * The newsletter's reader routes: signing up (the footer's form posts here), confirming from the
 * e-mailed link, and unsubscribing. Links only ever show a page with a button (mail scanners open
 * links); the POST acts. The unsubscribe POST is also RFC 8058's one-click: a mail provider posts
 * `List-Unsubscribe=One-Click` to the URL of the header, from its own origin, authenticated by the
 * signed token alone.
 */
export function newsletterRoutes(site: SiteContext, newsletters: NewsletterServices | null): EditionRoute[] {
  const { pages, urls } = site;
  const page = (reply: FastifyReply, edition: Edition, status: number, title: string, content: VNode) =>
    pages.render(reply, status, edition, { title, robots: "noindex" }, content, { cacheControl: "no-store" });
  const front = (edition: Edition) => ({
    href: urls.href(edition, "/", edition),
    label: newsletterMessagesFor(edition.code).backToFront,
  });
  const message = (reply: FastifyReply, edition: Edition, status: number, title: string, text: string) =>
    page(
      reply,
      edition,
      status,
      title,
      <NewsletterPage title={title} message={text} alert={status >= 400} link={front(edition)} />,
    );
  const unavailable = (reply: FastifyReply, edition: Edition) => {
    const messages = newsletterMessagesFor(edition.code);
    return message(reply, edition, 404, messages.subscribeTitle, messages.unavailable);
  };

  return [
    editionRoute({
      method: "POST",
      url: NEWSLETTER_SUBSCRIBE_PATH,
      querystring: IgnoredQuery,
      body: Type.Object({ email: Type.Optional(Type.String()) }, { additionalProperties: false }),
      async handle({ request, reply, edition, body, refusal }) {
        if (!newsletters) return unavailable(reply, edition);
        const messages = newsletterMessagesFor(edition.code);
        if (refusal || !isFromThisSite(request)) return pages.badRequest(reply, edition);
        const email = typeof body.email === "string" ? body.email : "";
        const again = (status: number, error: string) =>
          page(
            reply,
            edition,
            status,
            messages.subscribeTitle,
            <SignUpPage
              messages={messages}
              action={urls.href(edition, NEWSLETTER_SUBSCRIBE_PATH, edition)}
              error={error}
              email={email.slice(0, 254)}
            />,
          );
        try {
          const now = new Date();
          newsletters.signUps.take(request.ip, now);
          await newsletters.subscriptions.subscribe(edition, email, now);
        } catch (error) {
          if (error instanceof ValidationError) return again(400, messages.invalidEmail);
          if (error instanceof TooManyAttemptsError) return again(429, messages.tooMany);
          throw error;
        }
        return message(reply, edition, 200, messages.subscribeTitle, messages.checkInbox);
      },
    }),
    editionRoute({
      url: "/newsletter/confirm",
      querystring: TokenQuery,
      async handle({ reply, edition, query }) {
        if (!newsletters) return unavailable(reply, edition);
        const messages = newsletterMessagesFor(edition.code);
        // The token is in this page's address: it must not leak to other sites as a referrer.
        reply.header("referrer-policy", "no-referrer");
        return page(
          reply,
          edition,
          200,
          messages.confirmTitle,
          <NewsletterPage
            title={messages.confirmTitle}
            message={messages.formHelp}
            button={{
              action: urls.href(edition, "/newsletter/confirm", edition),
              token: query.t ?? "",
              label: messages.confirmButton,
            }}
            link={front(edition)}
          />,
        );
      },
    }),
    editionRoute({
      method: "POST",
      url: "/newsletter/confirm",
      querystring: IgnoredQuery,
      body: Type.Object({ t: Type.Optional(Type.String()) }, { additionalProperties: false }),
      async handle({ request, reply, edition, body, refusal }) {
        if (!newsletters) return unavailable(reply, edition);
        const messages = newsletterMessagesFor(edition.code);
        // The token proves the mailbox; the page sets no-referrer, so its POST carries `Origin: null`.
        if (refusal || request.headers["sec-fetch-site"] === "cross-site")
          return pages.badRequest(reply, edition);
        const confirmed = await newsletters.subscriptions.confirm(edition, body.t ?? "", new Date());
        return confirmed
          ? message(reply, edition, 200, messages.confirmTitle, messages.confirmed)
          : message(reply, edition, 400, messages.confirmTitle, messages.linkInvalid);
      },
    }),
    editionRoute({
      url: "/newsletter/unsubscribe",
      querystring: TokenQuery,
      async handle({ reply, edition, query }) {
        if (!newsletters) return unavailable(reply, edition);
        const messages = newsletterMessagesFor(edition.code);
        reply.header("referrer-policy", "no-referrer");
        const token = query.t ?? "";
        if (!(await newsletters.subscriptions.knowsUnsubscribeToken(edition, token, new Date()))) {
          return message(reply, edition, 400, messages.unsubscribeTitle, messages.linkInvalid);
        }
        return page(
          reply,
          edition,
          200,
          messages.unsubscribeTitle,
          <NewsletterPage
            title={messages.unsubscribeTitle}
            message={messages.unsubscribeQuestion}
            button={{
              action: urls.href(edition, `/newsletter/unsubscribe?t=${token}`, edition),
              token,
              label: messages.unsubscribeButton,
            }}
            link={front(edition)}
          />,
        );
      },
    }),
    editionRoute({
      method: "POST",
      url: "/newsletter/unsubscribe",
      querystring: TokenQuery,
      // The button's form (`t`), or a mail provider's one-click body (`List-Unsubscribe=One-Click`).
      body: Type.Object({ t: Type.Optional(Type.String()) }, { additionalProperties: true }),
      async handle({ reply, edition, query, body }) {
        if (!newsletters) return unavailable(reply, edition);
        const messages = newsletterMessagesFor(edition.code);
        const token = query.t ?? (typeof body?.t === "string" ? body.t : "");
        const done = await newsletters.subscriptions.unsubscribe(edition, token, new Date());
        return done
          ? message(reply, edition, 200, messages.unsubscribeTitle, messages.unsubscribed)
          : message(reply, edition, 400, messages.unsubscribeTitle, messages.linkInvalid);
      },
    }),
  ];
}

/** A form posted from this site: not from another origin, not a cross-site request (Fetch Metadata). */
function isFromThisSite(request: FastifyRequest): boolean {
  return isSameOrigin(request) && request.headers["sec-fetch-site"] !== "cross-site";
}
