import type { FastifyReply } from "fastify";
import { type Static, Type } from "typebox";
import { articleKey, commentsKey, setSurrogateKeys } from "../../../cache/surrogate-keys.ts";
import {
  type CommentedArticle,
  findArticleById,
  findArticleBySlug,
} from "../../../comments/comment-articles.ts";
import { CommentRefusedError } from "../../../comments/comment-errors.ts";
import type { CommentServices } from "../../../comments/comment-service.ts";
import { commentMessagesFor } from "../../../comments/i18n/comment-messages.ts";
import { postComment } from "../../../comments/posting/post-comment.ts";
import type { ThreadOrder } from "../../../comments/thread-service.ts";
import type { Edition } from "../../../editions/edition.ts";
import { errorAnswer } from "../../../http/http-errors.ts";
import { type EditionRequest, type EditionRoute, editionRoute } from "../../edition-router.ts";
import { ArticleParams } from "../../route-schemas.ts";
import type { SiteContext } from "../../site-context.ts";
import type { CommentFormValues } from "../views/comment-form.tsx";
import { ThreadPageView } from "../views/thread-page.tsx";
import { formFields } from "./comment-form.ts";
import type { CommentUrls } from "./comment-urls.ts";
import {
  idFrom,
  isSameOrigin,
  readerOf,
  seeOther,
  sendJson,
  THREAD_CACHE_CONTROL,
} from "./request-context.ts";

const THREAD = "/:year/:month/:day/:slug/comments";
const NOTICES = ["posted", "pending", "flagged"] as const;

/** What the thread page reads; a value it cannot use is ignored (the first page, oldest first). */
const ThreadQuery = Type.Object(
  {
    order: Type.Optional(Type.String()),
    page: Type.Optional(Type.String()),
    notice: Type.Optional(Type.String()),
    reply: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** The comment form (src/site/comments/views/comment-form.tsx); `website` is the honeypot. */
const CommentFormBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    text: Type.Optional(Type.String()),
    parent: Type.Optional(Type.String()),
    website: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

type ThreadRequest = EditionRequest<Static<typeof ArticleParams>>;
type Notice = (typeof NOTICES)[number];

interface ThreadDeps {
  site: SiteContext;
  services: CommentServices;
  urls: CommentUrls;
}

/** `/{yyyy}/{mm}/{dd}/{slug}/comments`: the thread's own page, cacheable, paginated, in either order. */
export function threadPageRoute(deps: ThreadDeps): EditionRoute {
  return editionRoute({
    url: THREAD,
    params: ArticleParams,
    querystring: ThreadQuery,
    async handle(request) {
      const found = await articleOf(deps, request);
      if (!("article" in found)) return found.answer;
      const { query } = request;
      const order: ThreadOrder = query.order === "newest" ? "newest" : "oldest";
      const page = idFrom(query.page) ?? 1;
      const notice = (NOTICES as readonly string[]).includes(query.notice ?? "")
        ? (query.notice as Notice)
        : null;
      return renderThread(deps, request, found.article, {
        order,
        page,
        notice,
        replyTo: idFrom(query.reply),
        values: { name: "", text: "", parentId: null },
        error: null,
        status: 200,
      });
    },
  });
}

/** POST to the thread page: posts a comment, then 303 back to the thread (PRG), or the form again with the reason. */
export function postCommentRoute(deps: ThreadDeps): EditionRoute {
  return editionRoute({
    method: "POST",
    url: THREAD,
    params: ArticleParams,
    querystring: Type.Object({}, { additionalProperties: true }),
    body: CommentFormBody,
    async handle(request) {
      const found = await articleOf(deps, request);
      if (!("article" in found)) return found.answer;
      const { article } = found;
      let values: CommentFormValues = { name: "", text: "", parentId: null };
      try {
        if (!isSameOrigin(request.request)) throw new CommentRefusedError("FORM_UNREADABLE");
        // Keep what was typed for the form, whatever is wrong with it.
        const typed = request.body;
        values = { name: typed.name ?? "", text: typed.text ?? "", parentId: idFrom(typed.parent) };
        const fields = formFields(request);
        // The form always sends the honeypot (empty); a post without it did not come from the form.
        if (fields.website === undefined) throw new CommentRefusedError("FORM_UNREADABLE");
        const parent = fields.parent ?? "";
        if (parent !== "" && idFrom(parent) === null) throw new CommentRefusedError("PARENT_INVALID");
        const reader = await readerOf(deps.services, request.request);
        const submission = {
          name: fields.name ?? "",
          email: fields.email ?? "",
          text: fields.text ?? "",
          parentId: idFrom(parent),
          honeypot: fields.website,
        };
        const posted = await postComment(
          deps.services.posting,
          article,
          submission,
          { ip: request.request.ip, reader },
          request.now,
        );
        if (
          reader &&
          deps.services.signIn &&
          submission.name.trim() &&
          reader.displayName !== submission.name.trim()
        ) {
          await deps.services.signIn.rememberName(reader.id, submission.name.trim().slice(0, 80));
        }
        const target =
          posted.status === "approved"
            ? `${deps.urls.thread(request.edition, article, { notice: "posted" })}#comment-${posted.id}`
            : `${deps.urls.thread(request.edition, article, { notice: "pending" })}#comment-thread`;
        return seeOther(request.reply, target);
      } catch (thrown) {
        const error = asRefusal(thrown, request.reply);
        const messages = commentMessagesFor(request.edition.code);
        return renderThread(deps, request, article, {
          order: "oldest",
          page: 1,
          notice: null,
          replyTo: values.parentId,
          values,
          error: messages.refusals[error.refusal](error.params),
          status: error.status,
        });
      }
    },
  });
}

/**
 * A refusal to show beside the form, with what the reader typed kept: the pipeline's own, or a busy
 * database (the comment was not saved; Retry-After says when to post it again). Anything else is
 * a failure for the error handler.
 */
function asRefusal(error: unknown, reply: FastifyReply): CommentRefusedError {
  if (error instanceof CommentRefusedError) return error;
  const answer = errorAnswer(error);
  if (answer.status !== 503) throw error;
  reply.header("retry-after", String(answer.retryAfterSeconds ?? 2));
  return new CommentRefusedError("BUSY");
}

/** `/comments/count?article=ID`: `{ article, count, label }`, cacheable until the thread changes. */
export function countRoute(deps: ThreadDeps): EditionRoute {
  return editionRoute({
    url: "/comments/count",
    querystring: Type.Object({ article: Type.Optional(Type.String()) }, { additionalProperties: true }),
    response: { 200: CommentCount, 404: CountMissing },
    async handle({ reply, edition, query, now }) {
      const id = idFrom(query.article);
      const article =
        id === null ? undefined : await findArticleById(deps.services.db, edition.code, id, now);
      if (!article) {
        return sendJson(
          reply,
          404,
          { error: "NOT_FOUND", message: "No article readers can see has that id." },
          "public, max-age=30",
        );
      }
      const count = await deps.services.threads.countVisible(article.id);
      const formatted = new Intl.NumberFormat(edition.locale).format(count);
      setSurrogateKeys(reply, [commentsKey(article.id), articleKey(article.id)]);
      const label = commentMessagesFor(edition.code).showCommentsCount(count, formatted);
      return sendJson(reply, 200, { article: article.id, count, label }, THREAD_CACHE_CONTROL);
    },
  });
}

const CommentCount = Type.Object({
  article: Type.Integer(),
  count: Type.Integer(),
  label: Type.String({ description: "The link's text in the edition's language: 3 comments" }),
});

const CountMissing = Type.Object({ error: Type.Literal("NOT_FOUND"), message: Type.String() });

type Found = { article: CommentedArticle } | { answer: FastifyReply };

/** The thread's article, or the answer for a missing one (404) or a wrong date (301). */
async function articleOf({ site, services, urls }: ThreadDeps, request: ThreadRequest): Promise<Found> {
  const { year, month, day, slug } = request.params;
  const article = await findArticleBySlug(services.db, request.edition.code, slug, request.now);
  if (!article) return { answer: site.pages.notFound(request.reply, request.edition) };
  if (site.urls.publicationDay(request.edition, article.publishedAt) !== `${year}-${month}-${day}`) {
    return {
      answer: request.reply.redirect(
        urls.absolute(request.edition, urls.threadPath(request.edition, article)),
        301,
      ),
    };
  }
  return { article };
}

interface ThreadRender {
  order: ThreadOrder;
  page: number;
  notice: Notice | null;
  replyTo: number | null;
  values: CommentFormValues;
  error: string | null;
  status: number;
}

/**
 * The thread page. Without an error it is the same for everyone and cached under the article's
 * comment key; with one (a refusal, with what the reader typed) it is theirs alone and never stored.
 */
async function renderThread(
  { site, services, urls }: ThreadDeps,
  request: ThreadRequest,
  article: CommentedArticle,
  view: ThreadRender,
): Promise<FastifyReply> {
  const { edition, reply } = request;
  const messages = commentMessagesFor(edition.code);
  const [thread, policy, replyTo] = await Promise.all([
    services.threads.threadPage(article, view.order, view.page),
    services.policies.forArticle(article, request.now),
    view.replyTo === null ? null : replyTarget(services, article.id, view.replyTo),
  ]);
  const personal = view.error !== null;
  if (!personal) setSurrogateKeys(reply, [commentsKey(article.id), articleKey(article.id)]);
  const threadPath = urls.threadPath(edition, article);
  const notices: Record<Notice, string> = {
    posted: messages.posted,
    pending: messages.postedPending,
    flagged: messages.flagged,
  };
  return site.pages.render(
    reply,
    view.status,
    edition,
    {
      title: messages.threadTitle(article.title),
      description: messages.threadTitle(article.title),
      canonicalUrl: urls.absolute(edition, threadPath),
      robots:
        view.page > 1 || view.order !== "oldest" || view.notice || personal ? "noindex, follow" : undefined,
    },
    <ThreadPageView
      title={article.title}
      articleHref={urls.article(edition, article)}
      edition={edition}
      messages={messages}
      thread={thread}
      notice={view.notice ? notices[view.notice] : null}
      href={(options) => urls.thread(edition, article, options)}
      replyHref={(id) => `${urls.thread(edition, article, { reply: id })}#comment-form`}
      flagAction={(id) => urls.flag(edition, id)}
      form={
        policy.closed !== null
          ? null
          : {
              messages,
              action: urls.href(edition, threadPath),
              values: view.values,
              error: view.error,
              replyTo,
              newCommentHref: `${urls.thread(edition, article)}#comment-form`,
              signInHref: services.signIn ? signInHref(urls, edition, threadPath) : null,
              meUrl: services.signIn ? urls.href(edition, "/comments/me") : null,
              limits: services.config,
            }
      }
    />,
    { cacheControl: personal ? "no-store" : THREAD_CACHE_CONTROL },
  );
}

function signInHref(urls: CommentUrls, edition: Edition, threadPath: string): string {
  return urls.href(edition, `/comments/sign-in?return=${encodeURIComponent(threadPath)}`);
}

/** The published comment of this article a reply goes to, with its author's name. */
async function replyTarget(services: CommentServices, articleId: number, id: number) {
  const row = await services.db
    .selectFrom("comments")
    .select(["id", "authorName"])
    .where("id", "=", id)
    .where("articleId", "=", articleId)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return row ? { id: row.id, name: row.authorName } : null;
}
