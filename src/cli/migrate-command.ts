import type { Config } from "../config.ts";
import { describeDatabase, openMigrated } from "./open-migrated.ts";

export async function migrateCommand(config: Config): Promise<number> {
  const { database, applied } = await openMigrated(config);
  await database.close();
  console.log(
    applied.length === 0
      ? `Database ${describeDatabase(config.databaseUrl)} is up to date.`
      : `Applied ${applied.join(", ")} to ${describeDatabase(config.databaseUrl)}.`,
  );
  return 0;
}
