import { createHash } from "node:crypto";
import { sql } from "kysely";
import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { revisionSaverId } from "../content/revision-savers.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { EmbedRow } from "../db/schema.ts";
import type { MediaService } from "../media/media-service.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import { collectBodyReferences } from "../shared/body/body-text.ts";
import { isAllowedEmbedUrl } from "../shared/body/body-urls.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ValidationError } from "../shared/errors.ts";
import type { EmbedConfig } from "./embed-config.ts";
import { type EmbedProvider, providerFor } from "./embed-providers.ts";
import { FetchRefusedError, guardedFetch } from "./guarded-fetch.ts";
import { type OEmbedFacts, readOEmbedAnswer } from "./oembed-answer.ts";

/**
 * What became of an embed URL:
 * - `card`: its data is stored (now, or by an earlier fetch: `fetched` says which); `thumbnailProblem`
 *   says why it has no thumbnail when one was offered but refused;
 * - `unlisted`: no provider on the allow-list has such URLs: readers get a plain link card;
 * - `failed`: the provider's answer was refused (`message` says why): a plain link card until it is
 *   asked again.
 */
export type EmbedResolution =
  | { status: "card"; embed: EmbedRow; fetched: boolean; thumbnailProblem: string | null }
  | { status: "unlisted" }
  | { status: "failed"; providerName: string; message: string };

export interface EmbedServiceOptions {
  db: Db;
  events: ContentEvents | undefined;
  media: MediaService;
  config: EmbedConfig;
}

/** Who asks, for the policy and the audit log. */
export interface EmbedRequester {
  actor: Actor;
  ip: string | null;
}

/** Whom a fetch is credited to (thumbnail uploader, embed's fetcher, audit log). */
interface FetchCredit {
  userId: number | null;
  ip: string | null;
  /** Fetched because an article holding the URL was saved, not because someone added it. */
  automatic: boolean;
}

/**
 * Embedded posts and videos: each URL's oEmbed data fetched once from its provider, in the newsroom,
 * with its thumbnail copied into the media library; the reader site only reads what is stored.
 */
export class EmbedService {
  readonly #options: EmbedServiceOptions;

  constructor(options: EmbedServiceOptions) {
    this.#options = options;
  }

  /** The providers on the allow-list, as the editor names them. */
  providerLabels(): string[] {
    return this.#options.config.providers.map((provider) => provider.label);
  }

  /**
   * The embed's stored data, fetching it first when this URL was never fetched (a failed fetch is
   * tried again on the next call). Throws ValidationError for a URL no embed may have.
   */
  async resolve(url: string, requester: EmbedRequester): Promise<EmbedResolution> {
    assertCan(requester.actor, "embed.fetch");
    if (!isAllowedEmbedUrl(url)) throw new ValidationError("url", "use a full http or https address");
    return this.#resolve(url, { userId: requester.actor.id, ip: requester.ip, automatic: false });
  }

  /**
   * Fetches the embeds of a saved article that were never fetched (a body written by the API, an
   * import or a script holds only URLs), credited to whoever saved its latest revision: saving was
   * their permission. Returns how many were stored.
   */
  async resolveSaved(articleId: number): Promise<number> {
    const { db, config } = this.#options;
    const article = await db
      .selectFrom("articles")
      .select("body")
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) return 0;
    const urls = collectBodyReferences(JSON.parse(article.body) as BodyDocument).embedUrls.filter(
      (url) => isAllowedEmbedUrl(url) && providerFor(url, config.providers) !== undefined,
    );
    const stored = await findEmbeds(db, urls);
    const missing = urls.filter((url) => !stored.has(url));
    if (missing.length === 0) return 0;
    const credit = { userId: await revisionSaverId(db, articleId, "latest"), ip: null, automatic: true };
    let fetched = 0;
    for (const url of missing) {
      const resolution = await this.#resolve(url, credit);
      if (resolution.status === "card" && resolution.fetched) fetched += 1;
    }
    return fetched;
  }

  async #resolve(url: string, credit: FetchCredit): Promise<EmbedResolution> {
    const stored = await findEmbed(this.#options.db, url);
    if (stored) return { status: "card", embed: stored, fetched: false, thumbnailProblem: null };
    const provider = providerFor(url, this.#options.config.providers);
    if (!provider) return { status: "unlisted" };
    let facts: OEmbedFacts;
    try {
      facts = await this.#fetchFacts(provider, url);
    } catch (error) {
      if (!(error instanceof FetchRefusedError)) throw error;
      return { status: "failed", providerName: provider.label, message: error.message };
    }
    const thumbnail = await this.#importThumbnail(provider, url, facts, credit);
    const embed = await this.#store(provider, url, facts, thumbnail.mediaId, credit);
    return { status: "card", embed, fetched: true, thumbnailProblem: thumbnail.problem };
  }

  async #fetchFacts(provider: EmbedProvider, url: string): Promise<OEmbedFacts> {
    const { config } = this.#options;
    const endpoint = new URL(provider.endpoint);
    endpoint.searchParams.set("url", url);
    endpoint.searchParams.set("format", "json");
    const answer = await guardedFetch(endpoint.href, {
      timeoutMs: config.timeoutMs,
      maxBytes: config.maxJsonBytes,
      trustedHost: endpoint.host,
      accept: "application/json",
    });
    return readOEmbedAnswer(provider, url, answer.contentType, answer.body);
  }

  /**
   * The thumbnail, into the media library through its one import path (checked by decoding, variants
   * made), credited to the provider and author. A refused thumbnail leaves the card without one.
   */
  async #importThumbnail(
    provider: EmbedProvider,
    url: string,
    facts: OEmbedFacts,
    credit: FetchCredit,
  ): Promise<{ mediaId: number | null; problem: string | null }> {
    if (facts.thumbnailUrl === null) return { mediaId: null, problem: null };
    const { config, media } = this.#options;
    try {
      const image = await guardedFetch(facts.thumbnailUrl, {
        timeoutMs: config.timeoutMs,
        maxBytes: config.maxThumbnailBytes,
        trustedHost: new URL(provider.endpoint).host,
        accept: "image/*",
      });
      const row = await media.importImage({
        data: image.body,
        originalName: `${provider.name}-thumbnail`,
        key: `embed-${provider.name}-${createHash("sha256").update(url).digest("hex").slice(0, 16)}`,
        credit: [facts.providerName, facts.authorName].filter(Boolean).join(" / ").slice(0, 300),
        uploadedByUserId: credit.userId,
      });
      return { mediaId: row.id, problem: null };
    } catch (error) {
      if (error instanceof FetchRefusedError || error instanceof ValidationError) {
        return { mediaId: null, problem: `the thumbnail was refused: ${error.message}` };
      }
      throw error;
    }
  }

  /**
   * Keeps the embed's data, audited, and announces it for the articles whose bodies hold the URL
   * (a card replaces their plain link). Another request that stored it first wins.
   */
  #store(
    provider: EmbedProvider,
    url: string,
    facts: OEmbedFacts,
    thumbnailMediaId: number | null,
    credit: FetchCredit,
  ): Promise<EmbedRow> {
    const { db, events } = this.#options;
    return changeContent(db, events, async (trx, log) => {
      const inserted = await trx
        .insertInto("embeds")
        .values({
          url,
          provider: provider.name,
          title: facts.title,
          authorName: facts.authorName,
          providerName: facts.providerName,
          playerUrl: facts.playerUrl,
          thumbnailMediaId,
          fetchedAt: new Date().toISOString(),
          fetchedByUserId: credit.userId,
        })
        .onConflict((conflict) => conflict.column("url").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        return trx.selectFrom("embeds").selectAll().where("url", "=", url).executeTakeFirstOrThrow();
      }
      await recordAudit(trx, {
        actorUserId: credit.userId,
        action: "embed.fetch",
        subjectType: "embed",
        subjectId: url.slice(0, 200),
        details: {
          provider: provider.name,
          title: facts.title,
          thumbnailMediaId,
          automatic: credit.automatic,
        },
        ip: credit.ip,
      });
      const showing = await articlesHolding(trx, url);
      if (showing.length > 0) {
        log.other({
          reasons: ["embed.fetched"],
          articleIds: showing.map((article) => article.id),
          storyIds: [],
          editions: [...new Set(showing.map((article) => article.edition))],
          tagIds: [],
        });
      }
      return inserted;
    });
  }
}

/** The stored data of one embed URL. */
export function findEmbed(db: Db, url: string): Promise<EmbedRow | undefined> {
  return db.selectFrom("embeds").selectAll().where("url", "=", url).executeTakeFirst();
}

/** The stored data of these embed URLs (a body's), in one query. */
export async function findEmbeds(db: Db, urls: readonly string[]): Promise<Map<string, EmbedRow>> {
  if (urls.length === 0) return new Map();
  const rows = await db
    .selectFrom("embeds")
    .selectAll()
    .where("url", "in", [...new Set(urls)])
    .execute();
  return new Map(rows.map((row) => [row.url, row]));
}

/**
 * The articles whose stored body names `url` as an embed: a scan of the bodies' JSON text, which
 * runs once per URL fetched (never for readers), so no index is kept for it.
 */
function articlesHolding(db: Db, url: string): Promise<{ id: number; edition: string }[]> {
  const needle = `"url":${JSON.stringify(url)}`.replace(/[!%_]/g, (c) => `!${c}`);
  return db
    .selectFrom("articles")
    .select(["id", "edition"])
    .where(sql<boolean>`body like ${`%${needle}%`} escape '!'`)
    .execute();
}
