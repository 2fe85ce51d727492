import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { NotFoundError } from "../shared/errors.ts";
import { requiredText } from "../shared/validate.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { type Actor, assertCan } from "./authorization/policy.ts";
import { hashToken, looksLikeToken, newToken } from "./tokens.ts";

/** A content API key as the newsroom lists it: never the key, which is shown once when made. */
export interface ContentKeySummary {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** How often a key's "last used" time is written: once a minute at most, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Keys for the content API (API_REQUIRE_CONTENT_KEY): admins make (`contentKey.manage`), list and
 * revoke them, audited; the API checks a presented key against the stored hashes.
 */
export class ContentKeyService {
  /** When each key's last use was written, so that a busy key writes once a minute. */
  private readonly touched = new Map<number, number>();

  constructor(private readonly db: Db) {}

  async list(actor: Actor): Promise<ContentKeySummary[]> {
    assertCan(actor, "contentKey.manage");
    return this.db
      .selectFrom("contentKeys")
      .select(["id", "name", "createdAt", "lastUsedAt", "revokedAt"])
      .orderBy("id")
      .execute();
  }

  /** Makes a key; returns it with the key itself, which the admin sees this once. */
  async create(
    actor: Actor,
    name: string,
    meta: { ip?: string | null } = {},
  ): Promise<{ id: number; key: string }> {
    assertCan(actor, "contentKey.manage");
    const checkedName = requiredText("name", name, 120);
    const key = newToken();
    return inTransaction(this.db, async (trx) => {
      const { id } = await trx
        .insertInto("contentKeys")
        .values({
          name: checkedName,
          keyHash: hashToken(key),
          createdAt: new Date().toISOString(),
          createdByUserId: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "contentKey.create",
        subjectType: "contentKey",
        subjectId: id,
        details: { name: checkedName },
        ip: meta.ip ?? null,
      });
      return { id, key };
    });
  }

  async get(actor: Actor, id: number): Promise<ContentKeySummary> {
    assertCan(actor, "contentKey.manage");
    const key = await this.db
      .selectFrom("contentKeys")
      .select(["id", "name", "createdAt", "lastUsedAt", "revokedAt"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!key) throw new NotFoundError("content key", id);
    return key;
  }

  /** Revokes a key: requests with it are refused from now on. Revoking twice changes nothing. */
  async revoke(actor: Actor, id: number, meta: { ip?: string | null } = {}): Promise<void> {
    const key = await this.get(actor, id);
    if (key.revokedAt !== null) return;
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable("contentKeys")
        .set({ revokedAt: new Date().toISOString() })
        .where("id", "=", id)
        .execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "contentKey.revoke",
        subjectType: "contentKey",
        subjectId: id,
        details: { name: key.name },
        ip: meta.ip ?? null,
      });
    });
  }

  /** The id of the live key `presented` is, or null; notes its use (at most once a minute). */
  async verify(presented: unknown, now = Date.now()): Promise<number | null> {
    if (!looksLikeToken(presented)) return null;
    const row = await this.db
      .selectFrom("contentKeys")
      .select(["id", "revokedAt"])
      .where("keyHash", "=", hashToken(presented))
      .executeTakeFirst();
    if (!row || row.revokedAt !== null) return null;
    const last = this.touched.get(row.id) ?? 0;
    if (now - last >= LAST_USED_RESOLUTION_MS) {
      this.touched.set(row.id, now);
      await this.db
        .updateTable("contentKeys")
        .set({ lastUsedAt: new Date(now).toISOString() })
        .where("id", "=", row.id)
        .execute();
    }
    return row.id;
  }
}
