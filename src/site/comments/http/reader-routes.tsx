import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import { Type } from "typebox";
import { CommentRefusedError } from "../../../comments/comment-errors.ts";
import type { CommentServices } from "../../../comments/comment-service.ts";
import { commentMessagesFor } from "../../../comments/i18n/comment-messages.ts";
import { READER_COOKIE } from "../../../comments/reader-auth/reader-session.ts";
import { LINK_MINUTES } from "../../../comments/reader-auth/reader-sign-in.ts";
import type { Edition } from "../../../editions/edition.ts";
import { type EditionRoute, editionRoute } from "../../edition-router.ts";
import { IgnoredQuery, NoQuery } from "../../route-schemas.ts";
import type { SiteContext } from "../../site-context.ts";
import { ConfirmSignInPage, MessagePage, SignInPage } from "../views/reader-pages.tsx";
import { formFields } from "./comment-form.ts";
import type { CommentUrls } from "./comment-urls.ts";
import { isSameOrigin, readerOf, safeReturnPath, seeOther, sendJson } from "./request-context.ts";

interface ReaderDeps {
  site: SiteContext;
  services: CommentServices;
  urls: CommentUrls;
}

/** Verified readers: who is signed in (for the script), asking for a link, following it, signing out. */
export function readerRoutes(deps: ReaderDeps): EditionRoute[] {
  const { site, services, urls } = deps;
  const page = (reply: FastifyReply, edition: Edition, status: number, title: string, content: VNode) =>
    site.pages.render(reply, status, edition, { title, robots: "noindex" }, content, {
      cacheControl: "no-store",
    });
  // Switched off (no SMTP), not failing: 404 with the reason, so monitors do not see an outage.
  const unavailable = (reply: FastifyReply, edition: Edition) => {
    const messages = commentMessagesFor(edition.code);
    return page(
      reply,
      edition,
      404,
      messages.signInTitle,
      <MessagePage
        title={messages.signInTitle}
        message={messages.refusals.SIGN_IN_UNAVAILABLE({})}
        linkHref={urls.href(edition, "/")}
        linkLabel={site.pages.siteNameFor(edition)}
        alert
      />,
    );
  };

  return [
    editionRoute({
      // `{ signedIn, label, signOutLabel, signOutUrl }` — never the e-mail.
      url: "/comments/me",
      querystring: NoQuery,
      response: { 200: SignedInReader },
      async handle({ request, reply, edition }) {
        const reader = await readerOf(services, request);
        const messages = commentMessagesFor(edition.code);
        const body = reader
          ? {
              signedIn: true,
              label: messages.signedInAs(reader.displayName ?? messages.verified),
              signOutLabel: messages.signOut,
              signOutUrl: urls.href(edition, "/comments/sign-out"),
            }
          : { signedIn: false };
        return sendJson(reply.header("vary", "cookie"), 200, body, "private, no-store");
      },
    }),
    editionRoute({
      url: "/comments/sign-in",
      querystring: ReturnQuery,
      async handle({ reply, edition, query }) {
        if (!services.signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        return page(
          reply,
          edition,
          200,
          messages.signInTitle,
          <SignInPage
            messages={messages}
            action={urls.href(edition, "/comments/sign-in")}
            returnPath={safeReturnPath(query.return)}
            error={null}
            sent={false}
          />,
        );
      },
    }),
    editionRoute({
      method: "POST",
      url: "/comments/sign-in",
      querystring: IgnoredQuery,
      // The sign-in form (src/site/comments/views/reader-pages.tsx).
      body: Type.Object(
        { email: Type.Optional(Type.String()), return: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
      async handle(form) {
        const { request, reply, edition } = form;
        const signIn = services.signIn;
        if (!signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        let returnPath = "/";
        try {
          if (!isSameOrigin(request)) throw new CommentRefusedError("FORM_UNREADABLE");
          const fields = formFields(form);
          returnPath = safeReturnPath(fields.return);
          await signIn.requestLink(
            { email: fields.email ?? "", edition: edition.code, returnPath, ip: request.ip },
            (link) => ({
              subject: messages.mailSubject(site.pages.siteNameFor(edition)),
              text: messages.mailText(link, LINK_MINUTES),
            }),
            (token) => urls.absolute(edition, `/comments/verify?token=${token}`),
            new Date(),
          );
          return page(reply, edition, 200, messages.signInTitle, signInPage(true, null));
        } catch (error) {
          if (!(error instanceof CommentRefusedError)) throw error;
          return page(
            reply,
            edition,
            error.status,
            messages.signInTitle,
            signInPage(false, messages.refusals[error.refusal](error.params)),
          );
        }
        function signInPage(sent: boolean, error: string | null) {
          return (
            <SignInPage
              messages={messages}
              action={urls.href(edition, "/comments/sign-in")}
              returnPath={returnPath}
              error={error}
              sent={sent}
            />
          );
        }
      },
    }),
    editionRoute({
      url: "/comments/verify",
      querystring: Type.Object({ token: Type.Optional(Type.String()) }, { additionalProperties: true }),
      async handle({ reply, edition, query }) {
        if (!services.signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        // The token is in this page's address: it must not leak to other sites as a referrer.
        reply.header("referrer-policy", "no-referrer");
        return page(
          reply,
          edition,
          200,
          messages.signInConfirmTitle,
          <ConfirmSignInPage
            messages={messages}
            action={urls.href(edition, "/comments/verify")}
            token={(query.token ?? "").slice(0, 64)}
          />,
        );
      },
    }),
    editionRoute({
      method: "POST",
      url: "/comments/verify",
      querystring: IgnoredQuery,
      // The confirmation form: the token from the link, posted (a mail scanner only GETs it).
      body: Type.Object({ token: Type.Optional(Type.String()) }, { additionalProperties: false }),
      async handle(form) {
        const { request, reply, edition } = form;
        const signIn = services.signIn;
        if (!signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        try {
          if (!isSameOrigin(request)) throw new CommentRefusedError("FORM_UNREADABLE");
          const fields = formFields(form);
          const now = new Date();
          const { reader, returnPath } = await signIn.confirm(fields.token ?? "", edition.code, now);
          const session = services.sessions.issue(reader.id, now);
          setReaderCookie(request, reply, session.value, session.expires);
          return seeOther(reply, urls.href(edition, returnPath));
        } catch (error) {
          if (!(error instanceof CommentRefusedError)) throw error;
          return page(
            reply,
            edition,
            error.status,
            messages.signInConfirmTitle,
            <MessagePage
              title={messages.signInConfirmTitle}
              message={messages.refusals[error.refusal](error.params)}
              linkHref={urls.href(edition, "/comments/sign-in")}
              linkLabel={messages.signInLink}
              alert
            />,
          );
        }
      },
    }),
    editionRoute({
      method: "POST",
      url: "/comments/sign-out",
      querystring: ReturnQuery,
      // Sent by the comment form's sign-out button (formaction): its fields are not read.
      body: Type.Object({}, { additionalProperties: true }),
      async handle({ request, reply, edition, query }) {
        if (!isSameOrigin(request)) return site.pages.badRequest(reply, edition);
        setReaderCookie(request, reply, "", new Date(0));
        return seeOther(reply, urls.href(edition, safeReturnPath(query.return)));
      },
    }),
  ];
}

/** Where to go back after signing in or out: a path inside the edition (safeReturnPath checks it). */
const ReturnQuery = Type.Object({ return: Type.Optional(Type.String()) }, { additionalProperties: true });

const SignedInReader = Type.Object({
  signedIn: Type.Boolean(),
  label: Type.Optional(Type.String()),
  signOutLabel: Type.Optional(Type.String()),
  signOutUrl: Type.Optional(Type.String()),
});

/** HttpOnly, SameSite=Lax (a cross-site form never carries it), Secure on HTTPS, for the whole site. */
function setReaderCookie(request: FastifyRequest, reply: FastifyReply, value: string, expires: Date): void {
  reply.setCookie(READER_COOKIE, value, {
    path: "/",
    expires,
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
  });
}
