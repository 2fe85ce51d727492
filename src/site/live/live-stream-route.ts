import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Editions } from "../../editions/edition-service.ts";
import type { LiveHub } from "../../live/live-hub.ts";
import type { LiveService } from "../../live/live-service.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { messagesFor } from "../../shared/i18n/messages.ts";
import { liveEventData } from "./live-updates.tsx";

declare module "fastify" {
  interface FastifyInstance {
    /** This process's live event streams (their count, for metrics and the bench). */
    liveHub: LiveHub;
  }
}

/** An event id: what `after` and Last-Event-ID carry (the stream's own ids, never anything else). */
const EVENT_ID = "^(0|[1-9][0-9]{0,14})$";

const Params = Type.Object({ articleId: Type.String({ pattern: "^[1-9][0-9]{0,9}$" }) });
const Query = Type.Object(
  { after: Type.Optional(Type.String({ pattern: EVENT_ID })) },
  { additionalProperties: false },
);
const Headers = Type.Object({ "last-event-id": Type.Optional(Type.String({ pattern: EVENT_ID })) });

/**
 * `/live/<article-id>/events`: the server-sent events of a live article, from this process's hub.
 * Never cached (`no-store`, no surrogate keys) nor buffered by a proxy (`X-Accel-Buffering: no`),
 * written straight to the socket (no compression, no ETag); 503 past the process's cap.
 */
export function registerLiveStreams(
  app: FastifyInstance,
  deps: { hub: LiveHub; live: LiveService; editions: Editions; clock?: (() => Date) | undefined },
): void {
  const scope = app.withTypeProvider<TypeBoxTypeProvider>();
  scope.get(
    "/live/:articleId/events",
    { schema: { params: Params, querystring: Query, headers: Headers }, config: { pageCache: "bypass" } },
    async (request, reply) => {
      const articleId = Number(request.params.articleId);
      const now = (deps.clock?.() ?? new Date()).toISOString();
      const article = await deps.live.readableLiveArticle(articleId, now);
      const edition = article ? deps.editions.find(article.edition) : undefined;
      if (!article || !edition) throw new NotFoundError("live article", articleId);
      const messages = messagesFor(edition.code);
      const resumeFrom = request.headers["last-event-id"] ?? request.query.after;
      const raw = reply.raw;
      const startStream = () => {
        raw.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          "x-accel-buffering": "no",
          connection: "keep-alive",
        });
        raw.flushHeaders();
      };
      // Throws (503) before anything is written when the process holds as many streams as it may.
      const close = await deps.hub.open(
        articleId,
        resumeFrom === undefined ? undefined : Number(resumeFrom),
        {
          // Nothing is written before the headers below: the hub's first write comes after them.
          write: (chunk) => {
            if (!raw.headersSent) startStream();
            return raw.write(chunk);
          },
          buffered: () => raw.writableLength,
          end: () => raw.end(),
        },
        (event) => liveEventData(event, edition, messages),
      );
      reply.hijack();
      if (!raw.headersSent) startStream();
      request.raw.on("close", close);
      raw.on("close", close);
      if (raw.destroyed) close();
    },
  );
}
