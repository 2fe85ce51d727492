import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { assertCan } from "../../accounts/authorization/policy.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { NoQuery, PathWord, QueryOf } from "../../http/route-schemas.ts";
import { parseSchedule } from "../../newsletters/digest-schedule.ts";
import { SendInProgressError } from "../../newsletters/digest-service.ts";
import type { NewsletterServices } from "../../newsletters/newsletter-services.ts";
import { NotFoundError, ServiceUnavailableError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { isConfirmed } from "../views/confirm-page.tsx";
import { DigestPreviewPage, type EditionNewsletter, NewslettersPage } from "./views/newsletters-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  saved: "The schedule has been saved.",
  sent: "The digest has been sent; the table below says to how many.",
  sending: "The digest is being sent; the table below shows how far it got (reload).",
  nothing: "Nothing was sent: nothing has been published since the last digest.",
  busy: "Another process is sending this edition's digest right now; it will send the rest.",
};

const EditionParams = Type.Object({ edition: PathWord }, { additionalProperties: false });

/**
 * /newsroom/newsletters (editors and admins): each edition's subscriber counts and digest schedule,
 * the next digest's preview, and "Send now", which starts the send in this process (it carries on
 * after the answer; a restart leaves the rest to the scheduler or the next send).
 */
export function registerNewsletterDesk(options: {
  editions: Editions;
  newsletters: NewsletterServices | null;
}) {
  const { editions, newsletters } = options;
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const page = (title: string, status = 200) => ({ title, current: "newsletters" as const, status });
    const allowed = (request: FastifyRequest) => assertCan(currentUser(request), "newsletter.manage");
    const editionOf = (code: string): Edition => {
      const edition = editions.find(code);
      if (!edition) throw new NotFoundError("edition", code);
      return edition;
    };
    const services = (): NewsletterServices => {
      if (!newsletters) {
        throw new ServiceUnavailableError(
          "NEWSLETTERS_OFF",
          "No SMTP server is configured (SMTP_URL).",
          3600,
        );
      }
      return newsletters;
    };

    const overview = async (): Promise<EditionNewsletter[]> =>
      Promise.all(
        editions.all.map(async (edition) => ({
          edition,
          schedule: newsletters
            ? await newsletters.schedules.get(edition.code)
            : { frequency: "off" as const, weekday: null, time: "08:00" },
          counts: newsletters
            ? await newsletters.subscriptions.counts(edition.code)
            : { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0 },
          issues: newsletters ? await newsletters.digests.recentIssues(edition.code) : [],
        })),
      );

    /** The page of every edition's newsletter, with a notice, or a refused schedule's error. */
    const renderOverview = async (
      request: FastifyRequest,
      reply: FastifyReply,
      shown: { notice?: string | null; error?: { edition: string; message: string } },
    ) =>
      context.pages.render(
        request,
        reply,
        page("Newsletters", shown.error ? 400 : 200),
        <NewslettersPage
          editions={await overview()}
          csrf={csrfToken(request)}
          notice={shown.notice ?? null}
          error={shown.error ?? null}
          enabled={newsletters !== null}
        />,
      );

    scope.get("/newsletters", { schema: { querystring: QueryOf("done") } }, async (request, reply) => {
      allowed(request);
      return renderOverview(request, reply, { notice: DONE[request.query.done ?? ""] ?? null });
    });

    scope.post(
      "/newsletters/:edition/schedule",
      { schema: { params: EditionParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        allowed(request);
        const edition = editionOf(request.params.edition);
        try {
          const schedule = parseSchedule({
            frequency: formText(request.body, "frequency"),
            weekday: formText(request.body, "weekday"),
            time: formText(request.body, "time"),
          });
          await services().schedules.set(edition.code, schedule, new Date());
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return renderOverview(request, reply, { error: { edition: edition.code, message: error.message } });
        }
        return reply.redirect("/newsroom/newsletters?done=saved", 303);
      },
    );

    scope.get(
      "/newsletters/:edition/preview",
      { schema: { params: EditionParams, querystring: NoQuery } },
      async (request, reply) => {
        allowed(request);
        const edition = editionOf(request.params.edition);
        const { digests, subscriptions } = services();
        const [digest, counts, sending] = await Promise.all([
          digests.nextDigest(edition, new Date()),
          subscriptions.counts(edition.code),
          digests.unfinishedEditions(),
        ]);
        return context.pages.render(
          request,
          reply,
          page(`Next digest (${edition.code})`),
          <DigestPreviewPage
            edition={edition}
            confirmed={counts.confirmed}
            digest={digest}
            sending={sending.includes(edition.code)}
            csrf={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/newsletters/:edition/send",
      { schema: { params: EditionParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        allowed(request);
        const edition = editionOf(request.params.edition);
        if (!isConfirmed(request.body))
          return reply.redirect(`/newsroom/newsletters/${edition.code}/preview`, 303);
        const { digests } = services();
        const now = new Date();
        if (
          !(await digests.nextDigest(edition, now)) &&
          !(await digests.unfinishedEditions()).includes(edition.code)
        ) {
          return reply.redirect("/newsroom/newsletters?done=nothing", 303);
        }
        // Sent after the answer: a long list takes longer than a request should.
        const started = digests.send(edition, "editor", now);
        const outcome = await Promise.race([
          started.then(
            () => "sent" as const,
            (error: unknown) =>
              error instanceof SendInProgressError ? ("busy" as const) : Promise.reject(error),
          ),
          new Promise<"sending">((resolve) => setTimeout(() => resolve("sending"), 1000).unref()),
        ]).catch((error: unknown) => {
          request.log.error({ err: error }, "sending a newsletter digest failed");
          return "sending" as const;
        });
        started.catch((error: unknown) => {
          if (!(error instanceof SendInProgressError))
            request.log.error({ err: error }, "sending a newsletter digest failed");
        });
        return reply.redirect(`/newsroom/newsletters?done=${outcome}`, 303);
      },
    );
  };
}
