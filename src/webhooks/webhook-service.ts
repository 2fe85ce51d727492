import { randomBytes } from "node:crypto";
import { type AuditMeta, recordActorAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import type { Db } from "../db/database.ts";
import type { WebhookDeliveryRow, WebhookRow } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { privateHostRefusal } from "../embeds/guarded-fetch.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { optionalUrl } from "../shared/validate.ts";
import { isWebhookEvent, type WebhookEvent } from "./webhook-events.ts";
import {
  eventsOf,
  type WebhookDeliveryLine,
  type WebhookForm,
  type WebhookSummary,
} from "./webhook-model.ts";

/** How many deliveries a hook's log shows. */
export const DELIVERY_LOG_LENGTH = 25;

/** A new hook's secret: 256 random bits, hex, prefixed so that it is recognised in a config file. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

/**
 * Webhooks as admins manage them (`webhook.manage`): every change checked and audited; a target
 * must be an http(s) address whose every address is public, unless the site allows private ones.
 */
export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly options: { allowPrivate: boolean },
  ) {}

  async list(actor: Actor): Promise<WebhookSummary[]> {
    assertCan(actor, "webhook.manage");
    const hooks = await this.db.selectFrom("webhooks").selectAll().orderBy("id").execute();
    return Promise.all(hooks.map((hook) => this.summaryOf(hook)));
  }

  async get(actor: Actor, id: number): Promise<{ hook: WebhookSummary; deliveries: WebhookDeliveryLine[] }> {
    assertCan(actor, "webhook.manage");
    const hook = await this.row(this.db, id);
    const deliveries = await this.db
      .selectFrom("webhookDeliveries")
      .selectAll()
      .where("webhookId", "=", id)
      .orderBy("id", "desc")
      .limit(DELIVERY_LOG_LENGTH)
      .execute();
    return { hook: await this.summaryOf(hook), deliveries: deliveries.map(lineOf) };
  }

  /** Registers a hook; returns it with its secret, which the admin sees this once. */
  async create(
    actor: Actor,
    form: WebhookForm,
    meta: AuditMeta = {},
  ): Promise<{ id: number; secret: string }> {
    assertCan(actor, "webhook.manage");
    const checked = await this.checkForm(form);
    const secret = newSecret();
    const now = new Date().toISOString();
    return inTransaction(this.db, async (trx) => {
      const { id } = await trx
        .insertInto("webhooks")
        .values({
          url: checked.url,
          events: JSON.stringify(checked.events),
          secret,
          active: checked.active ? 1 : 0,
          createdAt: now,
          createdByUserId: actor.id,
          updatedAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordActorAudit(
        trx,
        actor,
        "webhook.create",
        { type: "webhook", id: id },
        { url: checked.url, events: checked.events },
        meta,
      );
      return { id, secret };
    });
  }

  async update(actor: Actor, id: number, form: WebhookForm, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "webhook.manage");
    const checked = await this.checkForm(form);
    await inTransaction(this.db, async (trx) => {
      const before = await this.row(trx, id);
      await trx
        .updateTable("webhooks")
        .set({
          url: checked.url,
          events: JSON.stringify(checked.events),
          active: checked.active ? 1 : 0,
          updatedAt: new Date().toISOString(),
        })
        .where("id", "=", id)
        .execute();
      await recordActorAudit(
        trx,
        actor,
        "webhook.update",
        { type: "webhook", id: id },
        {
          url: checked.url,
          events: checked.events,
          active: checked.active,
          ...(before.url === checked.url ? {} : { formerUrl: before.url }),
        },
        meta,
      );
    });
  }

  /** Deletes the hook with its delivery log; deliveries not yet sent are dropped. */
  async delete(actor: Actor, id: number, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "webhook.manage");
    await inTransaction(this.db, async (trx) => {
      const hook = await this.row(trx, id);
      await trx.deleteFrom("webhookDeliveries").where("webhookId", "=", id).execute();
      await trx.deleteFrom("webhooks").where("id", "=", id).execute();
      await recordActorAudit(
        trx,
        actor,
        "webhook.delete",
        { type: "webhook", id: id },
        { url: hook.url },
        meta,
      );
    });
  }

  private async row(db: Db, id: number): Promise<WebhookRow> {
    const hook = await db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
    if (!hook) throw new NotFoundError("webhook", id);
    return hook;
  }

  private async summaryOf(hook: WebhookRow): Promise<WebhookSummary> {
    const last = await this.db
      .selectFrom("webhookDeliveries")
      .selectAll()
      .where("webhookId", "=", hook.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const pending = await this.db
      .selectFrom("webhookDeliveries")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("webhookId", "=", hook.id)
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    return {
      id: hook.id,
      url: hook.url,
      events: eventsOf(hook.events),
      active: hook.active === 1,
      createdAt: hook.createdAt,
      updatedAt: hook.updatedAt,
      pending: Number(pending.count),
      lastDelivery: last ? lineOf(last) : null,
    };
  }

  private async checkForm(
    form: WebhookForm,
  ): Promise<{ url: string; events: WebhookEvent[]; active: boolean }> {
    const url = optionalUrl("url", form.url);
    if (url === null) throw new ValidationError("url", "is required: the address deliveries are POSTed to");
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      throw new ValidationError(
        "url",
        "must not hold a user name or password; deliveries are signed instead",
      );
    }
    const unknown = form.events.find((event) => !isWebhookEvent(event));
    if (unknown !== undefined) {
      throw new ValidationError("events", `"${unknown.slice(0, 60)}" is not an event a webhook can ask for`);
    }
    const events = [...new Set(form.events)].filter(isWebhookEvent);
    if (events.length === 0) throw new ValidationError("events", "choose at least one event");
    if (!this.options.allowPrivate) {
      const refusal = await privateHostRefusal(parsed.hostname);
      if (refusal) throw new ValidationError("url", `${refusal}; webhooks are sent to public addresses only`);
    }
    return { url, events, active: form.active };
  }
}

function lineOf(row: WebhookDeliveryRow): WebhookDeliveryLine {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
  };
}
