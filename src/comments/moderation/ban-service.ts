import { isIP } from "node:net";
import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { CommentBanKind } from "../../db/schema.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import type { CommentHasher } from "../comment-hashing.ts";
import type { ActingFrom } from "./moderation-service.ts";

export interface CommentBan {
  id: number;
  kind: CommentBanKind;
  valueHash: string;
  reason: string;
  createdAt: string;
  expiresAt: string | null;
  createdBy: string | null;
}

/** What to ban: an address or e-mail typed in, or the e-mail or address of a comment. */
export type BanTarget =
  | { kind: CommentBanKind; value: string }
  | { kind: CommentBanKind; fromCommentId: number }
  | { kind: CommentBanKind; hash: string };

/**
 * Bans by e-mail or by address. Only keyed hashes are stored: a ban list leaks neither. A ban stops
 * new comments (the posting pipeline's ban check); what the commenter posted before stays as
 * moderated.
 */
export class BanService {
  constructor(
    private readonly db: Db,
    private readonly hasher: CommentHasher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ban(
    actor: Actor,
    target: BanTarget,
    reason: string,
    days: number | null,
    from: ActingFrom,
  ): Promise<number> {
    assertCan(actor, "comment.moderate");
    const valueHash = await this.hashOf(target);
    const cleanReason = reason.trim().slice(0, 500) || "no reason given";
    const now = this.clock();
    const expiresAt = days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto("commentBans")
        .values({
          kind: target.kind,
          valueHash,
          reason: cleanReason,
          createdByUserId: actor.id,
          createdAt: now.toISOString(),
          expiresAt,
        })
        .onConflict((oc) =>
          oc
            .columns(["kind", "valueHash"])
            .doUpdateSet({ reason: cleanReason, expiresAt, createdByUserId: actor.id }),
        )
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "comment.ban",
        subjectType: "comment-ban",
        subjectId: row.id,
        details: { kind: target.kind, hash: valueHash.slice(0, 12), reason: cleanReason, expiresAt },
        ip: from.ip,
        at: now.toISOString(),
      });
      return row.id;
    });
  }

  async unban(actor: Actor, id: number, from: ActingFrom): Promise<void> {
    assertCan(actor, "comment.moderate");
    await this.db.transaction().execute(async (tx) => {
      const ban = await tx
        .selectFrom("commentBans")
        .select(["id", "kind", "valueHash"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!ban) throw new NotFoundError("ban", id);
      await tx.deleteFrom("commentBans").where("id", "=", id).execute();
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "comment.unban",
        subjectType: "comment-ban",
        subjectId: id,
        details: { kind: ban.kind, hash: ban.valueHash.slice(0, 12) },
        ip: from.ip,
      });
    });
  }

  /** Bans in force (and expired ones not yet removed), newest first; `hashes` narrows to some values. */
  async list(actor: Actor, hashes?: readonly string[]): Promise<CommentBan[]> {
    assertCan(actor, "comment.moderate");
    let query = this.db
      .selectFrom("commentBans")
      .leftJoin("users", "users.id", "commentBans.createdByUserId")
      .select([
        "commentBans.id",
        "commentBans.kind",
        "commentBans.valueHash",
        "commentBans.reason",
        "commentBans.createdAt",
        "commentBans.expiresAt",
        "users.name as createdBy",
      ])
      .orderBy("commentBans.id", "desc")
      .limit(500);
    if (hashes) {
      if (hashes.length === 0) return [];
      query = query.where("commentBans.valueHash", "in", hashes);
    }
    return (await query.execute()).map((row) => ({ ...row, createdBy: row.createdBy ?? null }));
  }

  private async hashOf(target: BanTarget): Promise<string> {
    if ("hash" in target) {
      if (!/^[0-9a-f]{32}$/.test(target.hash)) throw new ValidationError("hash", "is not a commenter hash");
      return target.hash;
    }
    if ("value" in target) {
      const value = target.value.trim();
      if (value === "")
        throw new ValidationError(target.kind, "type the e-mail address or IP address to ban");
      if (target.kind === "email" && !value.includes("@")) {
        throw new ValidationError("email", `"${value.slice(0, 80)}" is not an e-mail address`);
      }
      if (target.kind === "ip" && isIP(value) === 0) {
        throw new ValidationError("ip", `"${value.slice(0, 80)}" is not an IPv4 or IPv6 address`);
      }
      return target.kind === "email" ? this.hasher.email(value) : this.hasher.ip(value);
    }
    const comment = await this.db
      .selectFrom("comments")
      .select(["emailHash", "ipHash"])
      .where("id", "=", target.fromCommentId)
      .executeTakeFirst();
    if (!comment) throw new NotFoundError("comment", target.fromCommentId);
    const hash = target.kind === "email" ? comment.emailHash : comment.ipHash;
    if (!hash) throw new ValidationError(target.kind, "this comment has no address on record");
    return hash;
  }
}
