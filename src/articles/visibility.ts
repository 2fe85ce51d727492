import type { ExpressionBuilder } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * Readers see an article once it is published, or once a scheduled publication time has come:
 * scheduling needs no job to flip a flag, and survives restarts.
 */
export function visibleToReaders(now: string) {
  return (eb: ExpressionBuilder<Database, "articles">) =>
    eb.and([eb("articles.status", "in", ["published", "scheduled"]), eb("articles.publishedAt", "<=", now)]);
}
