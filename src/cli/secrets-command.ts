import type { Config } from "../config.ts";
import { persistentSecret, secretOrigin } from "../config.ts";
import { GUARDED_SECRETS, type GuardedSecret, resetSecretFingerprint } from "../db/secret-fingerprints.ts";
import { openMigrated } from "./open-migrated.ts";

const names = Object.keys(GUARDED_SECRETS) as GuardedSecret[];

export const SECRETS_USAGE = `Usage: tribune secrets reset <${names.join("|")}>

Accepts the data directory's current secret for a database that was used with another one (restored
without its data directory), losing what was keyed with the old secret:
${names.map((name) => `  ${name}: ${GUARDED_SECRETS[name]}`).join("\n")}`;

/** `tribune secrets reset NAME`: the operator's way past a SecretMismatchError at start. */
export async function secretsCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, name, ...extra] = args;
  if (subcommand !== "reset" || !name || extra.length > 0) {
    console.error(SECRETS_USAGE);
    return 2;
  }
  if (!(names as string[]).includes(name)) {
    console.error(`tribune secrets reset: there is no "${name}" secret to reset\n\n${SECRETS_USAGE}`);
    return 2;
  }
  const { database } = await openMigrated(config);
  try {
    await resetSecretFingerprint(database.db, name as GuardedSecret, persistentSecret(config, name));
    console.log(
      `This database now goes with ${secretOrigin(config, name)}; ${GUARDED_SECRETS[name as GuardedSecret]} made with the old secret no longer apply.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
