import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Db } from "../db/database.ts";
import { NotFoundError } from "../shared/errors.ts";
import type { AudienceCounter } from "./audience-counter.ts";
import { isBot, isPrefetch, type ReloadFilter } from "./reader-filters.ts";
import { REFERRER_KINDS } from "./referrer-kinds.ts";

/** Where the beacon script sends a page's view; the path the bench and tests post to. */
export const BEACON_PATH = "/beacon";

/** The click-through address of a promotion shown in an edition: counts the click, then redirects. */
export function promotionClickPath(promotionId: number, edition: string): string {
  return `/promo/${promotionId}/click?e=${encodeURIComponent(edition)}`;
}

const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export interface AudienceRouteOptions {
  db: Db;
  counter: AudienceCounter;
  reloads: ReloadFilter;
  editionCodes: readonly string[];
  clock?: () => Date;
}

/**
 * `POST /beacon`: a page's view (and the promotions it showed), sent by the page's script once it is
 * visible; `GET /promo/<id>/click?e=<edition>`: a promotion's click, redirected to the promotion's
 * own link. Both answer without a cookie, and keep neither the reader's address nor browser: those
 * only make the day's salted hash that tells a reload from a visit (reader-filters.ts).
 */
export function registerAudienceRoutes(plainApp: FastifyInstance, options: AudienceRouteOptions): void {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  const { counter, reloads } = options;
  const clock = options.clock ?? (() => new Date());
  const Edition = Type.Union(options.editionCodes.map((code) => Type.Literal(code)));

  const Beacon = Type.Object(
    {
      /** The article read. */
      a: RowId,
      /** The edition it was read in. */
      e: Edition,
      /** The kind of referrer (never the address). */
      r: Type.Union(REFERRER_KINDS.map((kind) => Type.Literal(kind))),
      /** The promotions the page showed, comma-separated ids (a page shows a few at most). */
      p: Type.Optional(Type.String({ pattern: "^[1-9]\\d{0,9}(,[1-9]\\d{0,9}){0,9}$" })),
    },
    { additionalProperties: false },
  );
  app.post(
    BEACON_PATH,
    // The view is in the address; a body is refused (sendBeacon sends none).
    { schema: { querystring: Beacon }, bodyLimit: 1 },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const { a: articleId, e: edition, r: referrerKind, p } = request.query;
      if (
        countsAsReader(request) &&
        reloads.firstToday(readerOf(request), `${edition}:${articleId}`, clock())
      ) {
        counter.view(articleId, edition, referrerKind);
        for (const id of new Set(p?.split(",") ?? [])) counter.impression(Number(id), edition);
      }
      return reply.code(204).send();
    },
  );

  const ClickParams = Type.Object({ id: Type.String({ pattern: "^[1-9]\\d{0,9}$" }) });
  const ClickQuery = Type.Object({ e: Edition }, { additionalProperties: false });
  app.get(
    "/promo/:id/click",
    { schema: { params: ClickParams, querystring: ClickQuery } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const edition = request.query.e;
      // Only the promotion's stored link, and only where the promotion is shown: never an address
      // from the request, so the link cannot send readers elsewhere.
      const promotion = await options.db
        .selectFrom("promotions")
        .innerJoin("promotionEditions", "promotionEditions.promotionId", "promotions.id")
        .select("promotions.href")
        .where("promotions.id", "=", id)
        .where("promotionEditions.edition", "=", edition)
        .executeTakeFirst();
      if (!promotion) throw new NotFoundError("promotion", id);
      if (countsAsReader(request)) counter.click(id, edition);
      return reply.header("cache-control", "no-store").redirect(promotion.href, 302);
    },
  );
}

function countsAsReader(request: FastifyRequest): boolean {
  return !isBot(request.headers["user-agent"]) && !isPrefetch(request.headers);
}

function readerOf(request: FastifyRequest): { address: string; userAgent: string } {
  return { address: request.ip, userAgent: request.headers["user-agent"] ?? "" };
}
