import { TribuneError } from "../shared/errors.ts";
import { keyedDigest, sameSecretText } from "../shared/signing.ts";
import { nowIso } from "../shared/validate.ts";
import type { Db } from "./database.ts";

/**
 * The secrets whose loss changes what stored data means, and what is lost with them. Comment bans,
 * per-address and per-e-mail limits, duplicate checks and verified readers are keyed hashes made
 * with the "comments" secret; with another secret every ban silently lifts.
 */
export const GUARDED_SECRETS = {
  comments: "comment bans, rate limits and verified readers' e-mail lookups",
} as const;

export type GuardedSecret = keyof typeof GUARDED_SECRETS;

/** A database used with one data-directory secret, opened with another. */
export class SecretMismatchError extends TribuneError {
  /** `origin`: the secret's file in the data directory, or a phrase naming SECRET_KEY. */
  constructor(name: GuardedSecret, origin: string) {
    super(
      "SECRET_MISMATCH",
      500,
      `${origin} is not the "${name}" secret this database was used with, so its ${GUARDED_SECRETS[name]} would silently stop working (every ban lifted). Use the secret it was used with (the data directory's file from the same backup as the database, or the same SECRET_KEY), or run "tribune secrets reset ${name}" to accept that they are lost.`,
      { secret: name },
    );
  }
}

/** What identifies a secret without revealing it: an HMAC of a fixed text. */
function fingerprintOf(secret: string): string {
  return keyedDigest(secret, "tribune secret fingerprint v1").toString("hex");
}

/**
 * Records the fingerprint of `secret` the first time, and afterwards refuses a different one with
 * SecretMismatchError (a database restored without its data directory's secret file).
 */
export async function checkSecretFingerprint(
  db: Db,
  name: GuardedSecret,
  secret: string,
  origin: string,
): Promise<void> {
  const fingerprint = fingerprintOf(secret);
  // Several workers start at once: the first insert wins, and everyone compares with it.
  await db
    .insertInto("secretFingerprints")
    .values({ name, fingerprint, recordedAt: nowIso() })
    .onConflict((conflict) => conflict.column("name").doNothing())
    .execute();
  const stored = await db
    .selectFrom("secretFingerprints")
    .select("fingerprint")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  if (!sameSecretText(fingerprint, stored.fingerprint)) throw new SecretMismatchError(name, origin);
}

/** Accepts the current secret for `name` from now on (what was keyed with the old one is lost). */
export async function resetSecretFingerprint(db: Db, name: GuardedSecret, secret: string): Promise<void> {
  await db.deleteFrom("secretFingerprints").where("name", "=", name).execute();
  await db
    .insertInto("secretFingerprints")
    .values({ name, fingerprint: fingerprintOf(secret), recordedAt: nowIso() })
    .execute();
}
