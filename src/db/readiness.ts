import { sql } from "kysely";
import type { DatabaseHandle } from "./database.ts";
import { pendingMigrations } from "./migrate.ts";

/** Whether this process can serve: its database answers and has every migration this code knows. */
export type Readiness = { ready: true } | { ready: false; reason: string; pendingMigrations?: string[] };

/** How long the database may take to answer before the process counts as not ready. */
const READINESS_TIMEOUT_MS = 2_000;

/**
 * Asks the database for a trivial answer and for its migrations, within two seconds: a load
 * balancer asking `/readyz` must learn of a database that hangs, not wait for it.
 */
export async function databaseReadiness(handle: DatabaseHandle): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ ready: false, reason: `the database did not answer within ${READINESS_TIMEOUT_MS} ms` }),
      READINESS_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([check(handle), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(handle: DatabaseHandle): Promise<Readiness> {
  try {
    await sql`select 1`.execute(handle.db);
  } catch (error) {
    return { ready: false, reason: `the database does not answer: ${(error as Error).message}` };
  }
  const pending = await pendingMigrations(handle).catch((error: unknown) => error as Error);
  if (pending instanceof Error) {
    return { ready: false, reason: `the database's migrations cannot be read: ${pending.message}` };
  }
  if (pending.length > 0) {
    return {
      ready: false,
      reason: `the database lacks ${pending.length} migration(s) this version needs; run "tribune migrate"`,
      pendingMigrations: pending,
    };
  }
  return { ready: true };
}
