import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Db } from "../../db/database.ts";
import { findEmbed } from "../../embeds/embed-service.ts";
import { MAX_URL_LENGTH } from "../../shared/body/body-urls.ts";
import { NotFoundError } from "../../shared/errors.ts";

/** Players change only when an embed is first fetched: browsers and caches may keep the answer a while. */
const PLAYER_CACHE = "public, max-age=3600";

/**
 * `GET /embed-player?url=<post URL>` → `{ src, title }`: the stored player of an embed that was
 * fetched, for the click-to-load script. Pages do not carry player URLs, so that no third-party
 * address is in them but the link a reader may choose to follow. Anything else is a 404.
 */
export function registerEmbedPlayerRoute(plainApp: FastifyInstance, db: Db): void {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    querystring: Type.Object({ url: Type.Optional(Type.String()) }, { additionalProperties: false }),
    response: { 200: Type.Object({ src: Type.String(), title: Type.String() }) },
  };
  app.get("/embed-player", { schema }, async (request, reply) => {
    const url = request.query.url ?? "";
    const embed = url && url.length <= MAX_URL_LENGTH ? await findEmbed(db, url) : undefined;
    if (!embed) throw new NotFoundError("embed", url.slice(0, 100));
    const title = embed.title ? `${embed.title} (${embed.providerName})` : embed.providerName;
    return reply.header("cache-control", PLAYER_CACHE).send({ src: embed.playerUrl, title });
  });
}
