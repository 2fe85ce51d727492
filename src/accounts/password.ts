import { randomInt } from "node:crypto";
import type { Options } from "@node-rs/argon2";
import { ValidationError } from "../shared/errors.ts";

// The package's Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as NonNullable<Options["algorithm"]>;

/** OWASP's argon2id parameters: 19 MiB, two passes, one lane (also the library's defaults). */
const HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Loaded at the first sign-in: readers' pages never need it, and it costs each worker memory. */
const argon2 = () => import("@node-rs/argon2");

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** An argon2id hash of `password` in the PHC string format ("$argon2id$v=19$m=19456,t=2,p=1$…"). */
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await argon2();
  return hash(password, HASH_OPTIONS);
}

/** Whether `password` matches `passwordHash`; a malformed hash is simply no match. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // Outside the try: a library that cannot load is an error to report, not a wrong password.
  const { verify } = await argon2();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification takes, for an email that has no account: answering faster for
 * unknown emails would tell an attacker which ones exist.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy password that matches nobody");
  await verifyPassword(await decoyHash, password);
  return false;
}

/** Refuses a password a user may not choose: too short, too long, or their own email address. */
export function assertAcceptablePassword(password: unknown, email: string, field = "password"): string {
  if (typeof password !== "string" || password.length === 0) throw new ValidationError(field, "is required");
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(
      field,
      `must be at least ${MIN_PASSWORD_LENGTH} characters long; a few unrelated words make a good one`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError(field, `must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw new ValidationError(field, "must not be your email address");
  }
  return password;
}

// No 0/o, 1/l/i: a one-time password is read off a terminal and typed by hand.
const ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A random password to be changed at first sign-in: four groups of four (about 79 bits). */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g += 1) {
    let group = "";
    for (let c = 0; c < 4; c += 1) group += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}
