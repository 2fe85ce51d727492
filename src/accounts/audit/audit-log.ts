import type { Db } from "../../db/database.ts";
import { type Actor, assertCan } from "../authorization/policy.ts";

/**
 * What the audit log records. Accounts write the first group; the article, workflow and user
 * services of the newsroom add theirs (publish, unpublish, delete…) through `recordAudit`.
 */
export type KnownAuditAction =
  | "sign-in"
  | "sign-in.failed"
  | "sign-out"
  | "sign-out.everywhere"
  | "password.change"
  | "password.change.failed"
  | "user.create"
  | "user.roleChange"
  | "user.disable"
  | "password.reset.request"
  | "password.reset"
  | "password.reset.admin"
  | "invite.create"
  | "invite.accept"
  | "article.submitForReview"
  | "article.returnToDraft"
  | "article.editLive"
  | "article.restoreRevision"
  | "article.publish"
  | "article.schedule"
  | "article.unpublish"
  | "article.delete"
  | "article.correct"
  | "article.withdrawCorrection";

/** A known action, or any other dotted name a later feature needs ("promotion.delete"). */
export type AuditAction = KnownAuditAction | (string & {});

export interface AuditEntryInput {
  /** The signed-in user who acted; null for the system or the command line. */
  actorUserId: number | null;
  action: AuditAction;
  /** What was acted on: "user", "article", "invite"… */
  subjectType?: string | null;
  subjectId?: string | number | null;
  /** Anything worth keeping (old and new role, article title…); stored as JSON. No secrets. */
  details?: Record<string, unknown>;
  ip?: string | null;
  /** Defaults to now. */
  at?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; email: string | null; name: string | null } | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/**
 * Appends one entry to the audit log. Call it in the same transaction as the change it records
 * (pass the transaction as `db`), so that the log never claims what did not happen.
 */
export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<void> {
  await db
    .insertInto("auditLog")
    .values({
      at: entry.at ?? new Date().toISOString(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId == null ? null : String(entry.subjectId),
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
    })
    .execute();
}

/** Where a change came from, as the audit log keeps it. */
export interface AuditMeta {
  ip?: string | null;
}

/** One row of a kind (`subjectType`: "promotion", "webhook"…) that a signed-in user changed. */
export interface AuditSubject {
  type: string;
  id: number;
}

/** `recordAudit` for what `actor` did to `subject`, from the request `meta` describes. */
export function recordActorAudit(
  db: Db,
  actor: Actor,
  action: AuditAction,
  subject: AuditSubject,
  details: Record<string, unknown>,
  meta: AuditMeta,
): Promise<void> {
  return recordAudit(db, {
    actorUserId: actor.id,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    details,
    ip: meta.ip ?? null,
  });
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** Newest first, `limit` at a time; `before` is the `nextBefore` of the previous page. Admins only. */
export async function listAuditEntries(
  db: Db,
  actor: Actor,
  options: { before?: number | undefined; limit?: number | undefined; action?: string | undefined } = {},
): Promise<AuditPage> {
  assertCan(actor, "audit.view");
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE)), MAX_PAGE);
  let query = db
    .selectFrom("auditLog")
    .leftJoin("users", "users.id", "auditLog.actorUserId")
    .select([
      "auditLog.id",
      "auditLog.at",
      "auditLog.actorUserId",
      "auditLog.action",
      "auditLog.subjectType",
      "auditLog.subjectId",
      "auditLog.details",
      "auditLog.ip",
      "users.email as actorEmail",
      "users.name as actorName",
    ])
    .orderBy("auditLog.id", "desc")
    .limit(limit + 1);
  // Ids only grow, so the id alone is the key: each page is one index range scan.
  if (options.before !== undefined) query = query.where("auditLog.id", "<", options.before);
  if (options.action) query = query.where("auditLog.action", "=", options.action);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor:
        row.actorUserId === null
          ? null
          : { id: row.actorUserId, email: row.actorEmail ?? null, name: row.actorName ?? null },
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      details: parseDetails(row.details),
      ip: row.ip,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
