import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { assertCan, can } from "../../accounts/authorization/policy.ts";
import { COMMENT_POLICIES, type CommentPolicyName } from "../../comments/comment-config.ts";
import type { CommentServices } from "../../comments/comment-service.ts";
import type { BanTarget } from "../../comments/moderation/ban-service.ts";
import { QUEUE_TABS, type QueueItem, type QueueTab } from "../../comments/moderation/moderation-queue.ts";
import { MODERATION_ACTIONS, type ModerationAction } from "../../comments/moderation/moderation-service.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { IdParams, NoQuery, ParamsOf, PathWord, QueryOf, RowIdText } from "../../http/route-schemas.ts";
import { NotFoundError, TribuneError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formList, formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { moderationScript, moderationStylesheet } from "./moderation-assets.ts";
import { BansPage, EditCommentPage, HistoryPage } from "./views/other-pages.tsx";
import { QueuePageView } from "./views/queue-page.tsx";

/** Notices after an action, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  approve: "Approved.",
  reject: "Rejected.",
  spam: "Marked as spam.",
  edit: "The comment has been edited.",
  ban: "Banned. New comments from there are refused.",
  unban: "The ban has been lifted.",
  policy: "The policy has been saved.",
  close: "The thread has been closed.",
  reopen: "The thread has been reopened.",
};

const HASH = /^[0-9a-f]{32}$/;

export interface ModerationDeps {
  comments: CommentServices;
  editions: Editions;
  urls: SiteUrls;
}

/**
 * The comment moderation pages under /newsroom/comments (editors and administrators): a queue per
 * edition with pending, flagged and spam tabs, one-click and bulk approve / reject / spam, editing,
 * a commenter's history, bans, thread closing and the edition's policy. Every action is audited
 * by the services.
 */
export function registerCommentModeration(deps: ModerationDeps): NewsroomFeature {
  return (plainScope: FastifyInstance, context: NewsroomContext) => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const { comments, editions, urls } = deps;
    const { pages } = context;
    const assets = { scripts: [moderationScript.path], stylesheets: [moderationStylesheet.path] };
    const articleHref = (article: QueueItem["article"]) =>
      article.publishedAt
        ? urls.absolute(
            editions.get(article.edition),
            urls.articlePath(editions.get(article.edition), article.publishedAt, article.slug),
          )
        : "#";
    const from = (request: FastifyRequest) => ({ ip: request.ip });
    const back = (request: FastifyRequest, fallback: string) => {
      const value = formText(request.body, "return");
      return /^\/newsroom\/comments(\/[a-z0-9/-]*)?(\?[a-z0-9=&]*)?$/.test(value) ? value : fallback;
    };
    const withDone = (path: string, done: string, anchor = "") =>
      `${path}${path.includes("?") ? "&" : "?"}done=${done}${anchor}`;

    scope.get("/comments", { schema: { querystring: NoQuery } }, async (_request, reply) =>
      reply.redirect(`/newsroom/comments/${editions.codes()[0] ?? "en"}`, 303),
    );

    scope.get(
      "/comments/:edition",
      { schema: { params: ParamsOf({ edition: PathWord }), querystring: QueryOf("tab", "page", "done") } },
      async (request, reply) => {
        const edition = editions.find(request.params.edition);
        if (!edition) throw new NotFoundError("edition", request.params.edition.slice(0, 10));
        const me = currentUser(request);
        const tab: QueueTab = (QUEUE_TABS as readonly string[]).includes(request.query.tab ?? "")
          ? (request.query.tab as QueueTab)
          : "pending";
        const [counts, queue, policy] = await Promise.all([
          comments.queue.counts(me, edition.code),
          comments.queue.queue(me, edition.code, tab, idParam(request.query.page) ?? 1),
          comments.policies.forEdition(edition.code),
        ]);
        return pages.render(
          request,
          reply,
          { title: `Comments (${edition.code})`, current: "comments", ...assets },
          <QueuePageView
            csrf={csrfToken(request)}
            edition={edition.code}
            editions={editions.codes()}
            tab={tab}
            counts={counts}
            queue={queue}
            notice={DONE[request.query.done ?? ""] ?? null}
            error={null}
            articleHref={articleHref}
            policy={policy}
            canSetPolicy={can(me, "settings.edit")}
          />,
        );
      },
    );

    scope.post(
      "/comments/:edition/bulk",
      { schema: { params: ParamsOf({ edition: PathWord }), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const action = formText(request.body, "action");
        if (!(MODERATION_ACTIONS as readonly string[]).includes(action))
          throw new ValidationError("action", "choose approve, reject or spam");
        const ids = formList(request.body, "ids").map((text) => {
          const id = idParam(text);
          if (id === undefined)
            throw new ValidationError("ids", `"${text.slice(0, 20)}" is not a comment's id`);
          return id;
        });
        const fallback = `/newsroom/comments/${encodeURIComponent(request.params.edition)}`;
        if (ids.length === 0) return reply.redirect(back(request, fallback), 303);
        await comments.moderation.moderate(
          currentUser(request),
          ids,
          action as ModerationAction,
          from(request),
        );
        return reply.redirect(withDone(back(request, fallback), action), 303);
      },
    );

    scope.post(
      "/comments/item/:id/:action",
      {
        schema: {
          params: ParamsOf({ id: RowIdText, action: PathWord }),
          querystring: NoQuery,
          body: FormBody,
        },
      },
      async (request, reply) => {
        const id = idParam(request.params.id);
        const action = request.params.action;
        if (id === undefined || !(MODERATION_ACTIONS as readonly string[]).includes(action))
          return reply.callNotFound();
        await comments.moderation.moderate(
          currentUser(request),
          [id],
          action as ModerationAction,
          from(request),
        );
        const next = idParam(formText(request.body, "next"));
        return reply.redirect(
          withDone(back(request, "/newsroom/comments"), action, next ? `#q-${next}` : ""),
          303,
        );
      },
    );

    const renderEdit = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: number,
      text: string | null,
      error: string | null,
      status = 200,
    ) => {
      const me = currentUser(request);
      const [item] = await comments.queue.items([id]);
      if (!item) throw new NotFoundError("comment", id);
      assertCan(me, "comment.moderate", { edition: item.article.edition });
      return pages.render(
        request,
        reply,
        { title: "Edit a comment", current: "comments", status, ...assets },
        <EditCommentPage
          csrf={csrfToken(request)}
          item={item}
          text={text ?? item.body}
          error={error}
          returnTo={back(
            request,
            `/newsroom/comments/${item.article.edition}?tab=${item.status === "spam" ? "spam" : "pending"}`,
          )}
          articleHref={articleHref(item.article)}
        />,
      );
    };

    scope.get(
      "/comments/item/:id/edit",
      { schema: { params: IdParams("id"), querystring: NoQuery } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) return reply.callNotFound();
        return renderEdit(request, reply, id, null, null);
      },
    );

    scope.post(
      "/comments/item/:id/edit",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) return reply.callNotFound();
        const text = formText(request.body, "text");
        try {
          await comments.moderation.edit(currentUser(request), id, text, from(request));
        } catch (error) {
          if (error instanceof ValidationError)
            return renderEdit(request, reply, id, text, error.message, 400);
          throw error;
        }
        return reply.redirect(withDone(back(request, "/newsroom/comments"), "edit", `#q-${id}`), 303);
      },
    );

    scope.post(
      "/comments/articles/:articleId/:change",
      {
        schema: {
          params: ParamsOf({ articleId: RowIdText, change: PathWord }),
          querystring: NoQuery,
          body: FormBody,
        },
      },
      async (request, reply) => {
        const articleId = idParam(request.params.articleId);
        const change = request.params.change;
        if (articleId === undefined || (change !== "close" && change !== "reopen"))
          return reply.callNotFound();
        await comments.moderation.setThreadClosed(
          currentUser(request),
          articleId,
          change === "close",
          from(request),
        );
        return reply.redirect(withDone(back(request, "/newsroom/comments"), change), 303);
      },
    );

    scope.post(
      "/comments/:edition/policy",
      { schema: { params: ParamsOf({ edition: PathWord }), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const edition = editions.find(request.params.edition);
        if (!edition) throw new NotFoundError("edition", request.params.edition.slice(0, 10));
        const policy = formText(request.body, "policy");
        if (!(COMMENT_POLICIES as readonly string[]).includes(policy)) {
          throw new ValidationError("policy", `choose one of ${COMMENT_POLICIES.join(", ")}`);
        }
        const days = formText(request.body, "closeAfterDays").trim();
        if (days !== "" && (!/^\d{1,5}$/.test(days) || Number(days) < 1))
          throw new ValidationError("closeAfterDays", "type a number of days, or leave it empty");
        await comments.moderation.setEditionPolicy(
          currentUser(request),
          edition.code,
          { policy: policy as CommentPolicyName, closeAfterDays: days === "" ? null : Number(days) },
          from(request),
        );
        return reply.redirect(`/newsroom/comments/${edition.code}?done=policy`, 303);
      },
    );

    scope.get(
      "/comments/commenter/:hash",
      { schema: { params: ParamsOf({ hash: PathWord }), querystring: NoQuery } },
      async (request, reply) => {
        const hash = request.params.hash;
        if (!HASH.test(hash)) return reply.callNotFound();
        const me = currentUser(request);
        const [items, bans] = await Promise.all([
          comments.queue.history(me, hash),
          comments.bans.list(me, [hash]),
        ]);
        return pages.render(
          request,
          reply,
          { title: `Commenter ${hash.slice(0, 8)}`, current: "comments", ...assets },
          <HistoryPage
            csrf={csrfToken(request)}
            hash={hash}
            items={items}
            bans={bans}
            articleHref={articleHref}
          />,
        );
      },
    );

    const renderBans = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      notice: string | null,
      error: string | null,
    ) =>
      pages.render(
        request,
        reply,
        { title: "Comment bans", current: "comments", status, ...assets },
        <BansPage
          csrf={csrfToken(request)}
          bans={await comments.bans.list(currentUser(request))}
          notice={notice}
          error={error}
        />,
      );

    scope.get("/comments/bans", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
      renderBans(request, reply, 200, DONE[request.query.done ?? ""] ?? null, null),
    );

    // From the bans page (kind + value), a commenter's history (kind + hash) or a queue item (query).
    scope.post(
      "/comments/bans",
      { schema: { querystring: QueryOf("kind", "fromComment"), body: FormBody } },
      async (request, reply) => {
        const kind = request.query.kind ?? formText(request.body, "kind");
        if (kind !== "email" && kind !== "ip") throw new ValidationError("kind", "choose e-mail or address");
        const fromComment = idParam(request.query.fromComment);
        const hash = formText(request.body, "hash");
        const target: BanTarget =
          fromComment !== undefined
            ? { kind, fromCommentId: fromComment }
            : hash
              ? { kind, hash }
              : { kind, value: formText(request.body, "value") };
        const daysText = formText(request.body, "days").trim();
        try {
          if (daysText !== "" && !/^[1-9]\d{0,4}$/.test(daysText))
            throw new ValidationError("days", "type a number of days, or leave it empty");
          await comments.bans.ban(
            currentUser(request),
            target,
            formText(request.body, "reason") ||
              (fromComment !== undefined ? `from the queue, comment ${fromComment}` : ""),
            daysText === "" ? null : Number(daysText),
            from(request),
          );
        } catch (error) {
          if (error instanceof TribuneError && error.status === 400)
            return renderBans(request, reply, 400, null, error.message);
          throw error;
        }
        const returnTo =
          fromComment !== undefined ? back(request, "/newsroom/comments/bans") : "/newsroom/comments/bans";
        return reply.redirect(withDone(returnTo, "ban"), 303);
      },
    );

    scope.post(
      "/comments/bans/:id/lift",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) return reply.callNotFound();
        await comments.bans.unban(currentUser(request), id, from(request));
        return reply.redirect("/newsroom/comments/bans?done=unban", 303);
      },
    );
  };
}
