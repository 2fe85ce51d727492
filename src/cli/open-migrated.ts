import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/database.ts";
import { migrateToLatest, rebuildsAfter } from "../db/migrate.ts";
import { syncEditions } from "../editions/edition-service.ts";
import { rebuildDerivedData } from "./derived-data.ts";

/**
 * Opens the configured database, brings its schema up to date (rebuilding the derived data the
 * applied migrations left empty) and records the editions.
 */
export async function openMigrated(config: Config): Promise<{ database: DatabaseHandle; applied: string[] }> {
  const database = await openDatabase(config.databaseUrl);
  try {
    const applied = await migrateToLatest(database);
    await rebuildDerivedData(database.db, rebuildsAfter(applied));
    await syncEditions(database.db, config.editions);
    return { database, applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The database URL with any password hidden, for messages. */
export function describeDatabase(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
