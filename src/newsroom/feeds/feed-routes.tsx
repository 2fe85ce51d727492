import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FeedFetchLimits } from "../../feeds/feed-fetch.ts";
import type { FeedForm } from "../../feeds/feed-model.ts";
import { formOf } from "../../feeds/feed-model.ts";
import { AgencyFeedPoller } from "../../feeds/feed-poller.ts";
import { AgencyFeedService } from "../../feeds/feed-service.ts";
import { intakeHistory } from "../../feeds/intake-history.ts";
import { IdParams as idParamsSchema, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { MediaService } from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { ValidationError } from "../../shared/errors.ts";
import { SourceService } from "../../sources/source-service.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import {
  emptyFeedForm,
  FeedPage,
  FeedsPage,
  feedUrl,
  IntakeHistoryPage,
  QueuePage,
} from "./views/feed-pages.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  saved: "The feed has been saved.",
  deleted: "The feed has been deleted; its drafts stay in the queue.",
  polled: "The feed has been polled: the outcome is the first line below.",
  busy: "The feed is being polled by another process right now; look again in a moment.",
};

type IdRoute = { Params: { id: string } };
const ID = idParamsSchema("id");
const FORM_ON_ID = { params: ID, querystring: NoQuery, body: FormBody };

function feedForm(body: unknown): FeedForm {
  return {
    name: formText(body, "name"),
    url: formText(body, "url"),
    edition: formText(body, "edition"),
    sourceId: formText(body, "sourceId"),
    credit: formText(body, "credit"),
    pollMinutes: formText(body, "pollMinutes"),
    enabled: formText(body, "enabled") === "yes",
  };
}

export interface FeedDeskOptions {
  mediaStore: MediaStore;
  /** How feeds are fetched (FEEDS_ALLOW_PRIVATE; tests shorten the timeout). */
  limits: Partial<FeedFetchLimits>;
}

/**
 * /newsroom/feeds (editors: `feed.manage`): the agency feeds, each with its polls and "Poll now";
 * /newsroom/feeds/queue, the agency drafts an editor takes into the editor; and /newsroom/imports
 * (admins: `import.view`), the history of imports and polls.
 */
export function registerFeedDesk(options: FeedDeskOptions): NewsroomFeature {
  return (scope: FastifyInstance, context: NewsroomContext): void => {
    const feeds = new AgencyFeedService(context.db);
    const sources = new SourceService(context.db);
    // "Poll now" polls in the process that answers, claiming the feed as the scheduled poller does.
    const poller = new AgencyFeedPoller({
      db: context.db,
      media: new MediaService({ db: context.db, mediaStore: options.mediaStore }),
      limits: options.limits,
      onError: (error) => scope.log.error({ err: error }, "polling an agency feed failed"),
    });
    const idOf = (value: string | undefined) => {
      const id = idParam(value);
      if (id === undefined) throw new ValidationError("id", "must be a feed's number");
      return id;
    };
    const page = (title: string, status = 200) => ({ title, current: "feeds" as const, status });
    const editions = context.editionCodes;
    const sourceChoices = async () => (await sources.list()).map(({ id, name }) => ({ id, name }));

    type Extra = { status?: number; form?: FeedForm; error?: string; notice?: string | null };
    const renderList = async (request: FastifyRequest, reply: FastifyReply, extra: Extra) =>
      context.pages.render(
        request,
        reply,
        page("Agency feeds", extra.status),
        <FeedsPage
          feeds={await feeds.list(currentUser(request))}
          editions={editions}
          sources={await sourceChoices()}
          csrf={csrfToken(request)}
          form={extra.form ?? emptyFeedForm(editions[0] ?? "")}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    const renderFeed = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: Extra) => {
      const { feed, polls } = await feeds.get(currentUser(request), id);
      return context.pages.render(
        request,
        reply,
        page(feed.name, extra.status),
        <FeedPage
          feed={feed}
          polls={polls}
          editions={editions}
          sources={await sourceChoices()}
          csrf={csrfToken(request)}
          form={extra.form ?? formOf(feed)}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    };

    scope.get<{ Querystring: { done?: string } }>(
      "/feeds",
      { schema: { querystring: QueryOf("done") } },
      async (request, reply) =>
        renderList(request, reply, { notice: DONE[request.query.done ?? ""] ?? null }),
    );

    scope.post("/feeds", { schema: { querystring: NoQuery, body: FormBody } }, async (request, reply) => {
      const form = feedForm(request.body);
      try {
        const id = await feeds.create(currentUser(request), form, { ip: request.ip });
        return reply.redirect(`${feedUrl(id)}?done=saved`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderList(request, reply, { status: 400, form, error: error.message });
      }
    });

    scope.get<{ Querystring: { edition?: string } }>(
      "/feeds/queue",
      { schema: { querystring: QueryOf("edition") } },
      async (request, reply) => {
        const asked = request.query.edition ?? null;
        const edition = asked !== null && editions.includes(asked) ? asked : null;
        return context.pages.render(
          request,
          reply,
          { title: "Agency queue", current: "agencyQueue" as const },
          <QueuePage
            items={await feeds.queue(currentUser(request), edition)}
            editions={editions}
            edition={edition}
            csrf={csrfToken(request)}
          />,
        );
      },
    );

    scope.post<IdRoute>("/feeds/queue/:id/take", { schema: FORM_ON_ID }, async (request, reply) => {
      const articleId = await feeds.take(currentUser(request), idOf(request.params.id));
      return reply.redirect(`/newsroom/articles/${articleId}/edit`, 303);
    });

    scope.get("/imports", { schema: { querystring: NoQuery } }, async (request, reply) =>
      context.pages.render(
        request,
        reply,
        { title: "Imports and feeds", current: "imports" as const },
        <IntakeHistoryPage records={await intakeHistory(context.db, currentUser(request))} />,
      ),
    );

    scope.get<IdRoute & { Querystring: { done?: string } }>(
      "/feeds/:id",
      { schema: { params: ID, querystring: QueryOf("done") } },
      async (request, reply) =>
        renderFeed(request, reply, idOf(request.params.id), {
          notice: DONE[request.query.done ?? ""] ?? null,
        }),
    );

    scope.post<IdRoute>("/feeds/:id", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      const form = feedForm(request.body);
      try {
        await feeds.update(currentUser(request), id, form, { ip: request.ip });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderFeed(request, reply, id, { status: 400, form, error: error.message });
      }
      return reply.redirect(`${feedUrl(id)}?done=saved`, 303);
    });

    scope.post<IdRoute>("/feeds/:id/poll", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      await feeds.get(currentUser(request), id);
      const outcome = await poller.pollNow(id);
      return reply.redirect(`${feedUrl(id)}?done=${outcome ? "polled" : "busy"}#polls`, 303);
    });

    scope.get<IdRoute>(
      "/feeds/:id/delete",
      { schema: { params: ID, querystring: NoQuery } },
      async (request, reply) => {
        const id = idOf(request.params.id);
        const { feed } = await feeds.get(currentUser(request), id);
        return context.pages.render(
          request,
          reply,
          page("Delete the feed?"),
          <ConfirmPage
            heading="Delete the feed?"
            subject={feed.name}
            text="It is no longer polled and its polls' records are deleted. The drafts it made stay, and its items are still recognised as duplicates."
            action={`${feedUrl(id)}/delete`}
            button="Yes, delete it"
            danger
            back={feedUrl(id)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post<IdRoute>("/feeds/:id/delete", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      if (!isConfirmed(request.body)) return reply.redirect(`${feedUrl(id)}/delete`, 303);
      await feeds.delete(currentUser(request), id, { ip: request.ip });
      return reply.redirect("/newsroom/feeds?done=deleted", 303);
    });
  };
}
