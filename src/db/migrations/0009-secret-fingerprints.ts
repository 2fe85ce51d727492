import type { Kysely } from "kysely";
import type { DialectAdapter } from "../dialect-adapter.ts";

/**
 * A fingerprint (an HMAC of a fixed text, never the secret) of each data-directory secret whose
 * loss would silently change what is stored: comment bans, rate limits and e-mail lookups are kept
 * as keyed hashes. A database restored without its secret is then noticed at start.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable("secret_fingerprints")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
}
