import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Db } from "../db/database.ts";
import { FetchRefusedError, guardedRequest } from "../embeds/guarded-fetch.ts";

/** How long after each failed attempt the next one is made; after the last, the delivery is given up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000] as const;
/** Attempts in all: the first and one after each delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A receiver has this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * A delivery being sent is claimed for this long (its next attempt moved this far ahead): a second
 * instance on the same database leaves it alone, and a process that died mid-send lets it go.
 */
const CLAIM_MS = 2 * DELIVERY_TIMEOUT_MS;

/** `sha256=<hex>`: the HMAC-SHA256 of the exact body with the hook's secret (X-Tribune-Signature). */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface WebhookSenderOptions {
  db: Db;
  /** Targets may be private addresses (WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Where the sender reads the time; tests pass one they move past a retry's delay. */
  clock?: () => Date;
  /** How often it looks for due deliveries written elsewhere (other workers, instances): 5 s. */
  pollMs?: number;
  onError: (error: unknown) => void;
}

interface DueDelivery {
  id: number;
  webhookId: number;
  deliveryId: string;
  event: string;
  payload: string;
  attempts: number;
  nextAttemptAt: string;
  url: string;
  secret: string;
}

/**
 * Sends the outbox's pending deliveries: for each active hook its oldest pending one, once due, so
 * a hook receives its events one at a time and in order; hooks are served side by side. A failed
 * attempt (no answer within 10 s, an answer other than 2xx, a refused address) is tried again after
 * RETRY_DELAYS_MS, and given up after MAX_ATTEMPTS. Runs in the one process of an instance that
 * runs scheduled work.
 */
export class WebhookSender {
  private readonly clock: () => Date;
  private chain: Promise<unknown> = Promise.resolve();
  private pokeQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: WebhookSenderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  /** Looks for due deliveries soon (new ones were written); several pokes make one round. */
  poke(): void {
    if (this.stopped || this.pokeQueued) return;
    this.pokeQueued = true;
    this.sendDue()
      .catch(this.options.onError)
      .finally(() => this.schedule());
  }

  /**
   * One round, after any round under way: sends every delivery due now, hook after hook side by side;
   * resolves with the number of attempts made.
   */
  sendDue(): Promise<number> {
    const round = this.chain.then(() => {
      this.pokeQueued = false;
      return this.round();
    });
    this.chain = round.catch(() => {});
    return round;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.poke(), this.options.pollMs ?? 5_000);
    this.timer.unref();
  }

  private async round(): Promise<number> {
    const heads = await this.heads();
    const counts = await Promise.all(heads.map((head) => this.drainHook(head)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** Sends a hook's deliveries in order while they are due; stops at the first failure. */
  private async drainHook(first: DueDelivery): Promise<number> {
    let sent = 0;
    let next: DueDelivery | undefined = first;
    while (next && next.nextAttemptAt <= this.clock().toISOString()) {
      if (!(await this.claim(next))) break;
      const delivered = await this.attempt(next);
      sent++;
      if (!delivered) break;
      next = (await this.heads(next.webhookId))[0];
    }
    return sent;
  }

  /** The oldest pending delivery of each active hook (or of one hook). */
  private async heads(webhookId?: number): Promise<DueDelivery[]> {
    const { db } = this.options;
    const oldest = await db
      .selectFrom("webhookDeliveries")
      .innerJoin("webhooks", "webhooks.id", "webhookDeliveries.webhookId")
      .select((eb) => [eb.fn.min("webhookDeliveries.id").as("id")])
      .where("webhookDeliveries.status", "=", "pending")
      .where("webhooks.active", "=", 1)
      .$if(webhookId !== undefined, (qb) => qb.where("webhookDeliveries.webhookId", "=", webhookId ?? 0))
      .groupBy("webhookDeliveries.webhookId")
      .execute();
    const ids = oldest.map((row) => Number(row.id));
    if (ids.length === 0) return [];
    return db
      .selectFrom("webhookDeliveries")
      .innerJoin("webhooks", "webhooks.id", "webhookDeliveries.webhookId")
      .select([
        "webhookDeliveries.id",
        "webhookDeliveries.webhookId",
        "webhookDeliveries.deliveryId",
        "webhookDeliveries.event",
        "webhookDeliveries.payload",
        "webhookDeliveries.attempts",
        "webhookDeliveries.nextAttemptAt",
        "webhooks.url",
        "webhooks.secret",
      ])
      .where("webhookDeliveries.id", "in", ids)
      .orderBy("webhookDeliveries.id")
      .execute();
  }

  /** Takes the delivery for this attempt, unless another sender took it first. */
  private async claim(delivery: DueDelivery): Promise<boolean> {
    const until = new Date(this.clock().getTime() + CLAIM_MS).toISOString();
    const result = await this.options.db
      .updateTable("webhookDeliveries")
      .set({ nextAttemptAt: until })
      .where("id", "=", delivery.id)
      .where("status", "=", "pending")
      .where("nextAttemptAt", "=", delivery.nextAttemptAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** POSTs the delivery once and records the outcome; true when the receiver took it (2xx). */
  private async attempt(delivery: DueDelivery): Promise<boolean> {
    const sentAt = this.clock();
    const outcome = await this.post(delivery, sentAt);
    const attempts = delivery.attempts + 1;
    const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const delay = RETRY_DELAYS_MS[attempts - 1];
    const givenUp = !delivered && (attempts >= MAX_ATTEMPTS || delay === undefined);
    await this.options.db
      .updateTable("webhookDeliveries")
      .set({
        status: delivered ? "delivered" : givenUp ? "failed" : "pending",
        attempts,
        lastAttemptAt: sentAt.toISOString(),
        responseStatus: outcome.status,
        lastError: delivered ? null : outcome.error,
        nextAttemptAt: new Date(sentAt.getTime() + (delivered || givenUp ? 0 : (delay ?? 0))).toISOString(),
      })
      .where("id", "=", delivery.id)
      .execute();
    return delivered;
  }

  private async post(
    delivery: DueDelivery,
    sentAt: Date,
  ): Promise<{ status: number | null; error: string | null }> {
    try {
      const response = await guardedRequest(delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Tribune-Webhooks/1",
          "x-tribune-event": delivery.event,
          "x-tribune-delivery": delivery.deliveryId,
          "x-tribune-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "x-tribune-signature": signatureOf(delivery.payload, delivery.secret),
        },
        body: delivery.payload,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        trustedHost: null,
        allowPrivate: this.options.allowPrivate,
      });
      await drain(response);
      const status = response.statusCode ?? 0;
      return { status, error: status >= 200 && status < 300 ? null : `it answered ${status}` };
    } catch (error) {
      if (error instanceof FetchRefusedError) return { status: null, error: error.message };
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Reads the answer's body to its end (it is not kept), so that the connection can be reused. */
function drain(response: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    response.on("end", resolve);
    response.on("error", () => resolve());
    response.on("close", () => resolve());
    response.resume();
  });
}
