import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import { CommentRefusedError } from "../../../comments/comment-errors.ts";
import type { CommentServices } from "../../../comments/comment-service.ts";
import { commentMessagesFor } from "../../../comments/i18n/comment-messages.ts";
import { READER_COOKIE } from "../../../comments/reader-auth/reader-session.ts";
import { LINK_MINUTES } from "../../../comments/reader-auth/reader-sign-in.ts";
import type { Edition } from "../../../editions/edition.ts";
import type { EditionRoute } from "../../edition-router.ts";
import type { SiteContext } from "../../site-context.ts";
import { ConfirmSignInPage, MessagePage, SignInPage } from "../views/reader-pages.tsx";
import { parseForm, single } from "./comment-form.ts";
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
    {
      // `{ signedIn, label, signOutLabel, signOutUrl }` — never the e-mail.
      pattern: /^\/comments\/me$/,
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
    },
    {
      pattern: /^\/comments\/sign-in$/,
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
            returnPath={safeReturnPath(query.get("return"))}
            error={null}
            sent={false}
          />,
        );
      },
    },
    {
      method: "POST",
      pattern: /^\/comments\/sign-in$/,
      async handle({ request, reply, edition }) {
        const signIn = services.signIn;
        if (!signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        let returnPath = "/";
        try {
          if (!isSameOrigin(request)) throw new CommentRefusedError("FORM_UNREADABLE");
          const fields = parseForm(request.body, request.headers["content-type"]);
          returnPath = safeReturnPath(single(fields, "return"));
          await signIn.requestLink(
            { email: single(fields, "email"), edition: edition.code, returnPath, ip: request.ip },
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
    },
    {
      pattern: /^\/comments\/verify$/,
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
            token={(query.get("token") ?? "").slice(0, 64)}
          />,
        );
      },
    },
    {
      method: "POST",
      pattern: /^\/comments\/verify$/,
      async handle({ request, reply, edition }) {
        const signIn = services.signIn;
        if (!signIn) return unavailable(reply, edition);
        const messages = commentMessagesFor(edition.code);
        try {
          if (!isSameOrigin(request)) throw new CommentRefusedError("FORM_UNREADABLE");
          const fields = parseForm(request.body, request.headers["content-type"]);
          const now = new Date();
          const { reader, returnPath } = await signIn.confirm(single(fields, "token"), edition.code, now);
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
    },
    {
      method: "POST",
      pattern: /^\/comments\/sign-out$/,
      async handle({ request, reply, edition, query }) {
        if (!isSameOrigin(request)) return site.pages.badRequest(reply, edition);
        setReaderCookie(request, reply, "", new Date(0));
        return seeOther(reply, urls.href(edition, safeReturnPath(query.get("return"))));
      },
    },
  ];
}

/** HttpOnly, SameSite=Lax (a cross-site form never carries it), Secure on HTTPS, for the whole site. */
function setReaderCookie(request: FastifyRequest, reply: FastifyReply, value: string, expires: Date): void {
  const secure = request.protocol === "https" ? "; Secure" : "";
  reply.header(
    "set-cookie",
    `${READER_COOKIE}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure}`,
  );
}
