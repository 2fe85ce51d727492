import type { Kysely } from "kysely";

/**
 * Leases: work that must run in one process at a time across every instance on the database (the
 * schedule watcher's announcements, a feed poller later) is done by whoever holds its row. The
 * holder renews `expires_at` every few seconds; once it is past (the holder died or lost the
 * database), another process takes the row over. `state` is the holder's checkpoint (the
 * schedule watcher's last look), so that a taker carries on where the last holder stopped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("acquired_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("state", "text")
    .execute();
}
