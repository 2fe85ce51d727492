import { parseArgs } from "node:util";
import { ROLES } from "../accounts/authorization/roles.ts";
import { PasswordResetService } from "../accounts/password-reset-service.ts";
import { UserService } from "../accounts/user-service.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { NotFoundError } from "../shared/errors.ts";
import { openMigrated } from "./open-migrated.ts";

export const USER_USAGE = `Usage: tribune user add --email E --role R [--password P] [--name N] [--editions pt,es]
       tribune user reset-password --email E

Roles: ${ROLES.join(", ")}. Translators need --editions (the editions they translate into).
Without --password, a one-time password is printed; it must be changed at first sign-in.
reset-password prints a one-time password for an existing user (an admin locked out, say), ends
their sessions, and makes them choose their own password at the next sign-in.`;

/** `tribune user add|reset-password …`: newsroom users from the command line (the first admin, a lost one). */
export async function userCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === "reset-password") return resetPasswordCommand(config, rest);
  if (subcommand !== "add") {
    console.error(
      subcommand ? `tribune user: unknown subcommand "${subcommand}"\n\n${USER_USAGE}` : USER_USAGE,
    );
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      editions: { type: "string" },
    },
    strict: true,
  });
  if (values.email === undefined || values.role === undefined) {
    console.error(`tribune user add: --email and --role are required\n\n${USER_USAGE}`);
    return 2;
  }
  const { database } = await openMigrated(config);
  try {
    const flags = { ...values, email: values.email, role: values.role };
    await addUser(database.db, flags, { publicUrl: config.publicUrl, print: (line) => console.log(line) });
    return 0;
  } finally {
    await database.close();
  }
}

export interface AddUserFlags {
  email: string;
  role: string;
  password?: string | undefined;
  name?: string | undefined;
  editions?: string | undefined;
}

/** What `tribune user add` does once the database is open: adds the user and says how to sign in. */
export async function addUser(
  db: Db,
  flags: AddUserFlags,
  options: { publicUrl: string; print: (line: string) => void },
): Promise<void> {
  const { user, oneTimePassword } = await new UserService(db).createUser(
    {
      email: flags.email,
      role: flags.role,
      name: flags.name,
      editions: flags.editions,
      ...(flags.password === undefined ? {} : { password: flags.password }),
    },
    { via: "cli" },
  );
  const editions = user.editions.length > 0 ? ` for ${user.editions.join(", ")}` : "";
  options.print(`Added ${user.role} ${user.email} (${user.name})${editions}.`);
  if (oneTimePassword) {
    options.print(`One-time password: ${oneTimePassword}`);
    options.print(`It must be changed at first sign-in: ${options.publicUrl}/newsroom/sign-in`);
  } else {
    options.print(`Sign in at ${options.publicUrl}/newsroom/sign-in`);
  }
}

async function resetPasswordCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" } }, strict: true });
  if (values.email === undefined) {
    console.error(`tribune user reset-password: --email is required\n\n${USER_USAGE}`);
    return 2;
  }
  const { database } = await openMigrated(config);
  try {
    return await resetPassword(database.db, values.email, {
      publicUrl: config.publicUrl,
      print: (line) => console.log(line),
      printError: (line) => console.error(line),
    });
  } finally {
    await database.close();
  }
}

/**
 * What `tribune user reset-password` does once the database is open: prints a one-time password
 * (the account's sessions end; the user chooses their own at the next sign-in). Returns the exit
 * code: 1 for an address with no account (a disabled one throws ForbiddenError, printed by main).
 */
export async function resetPassword(
  db: Db,
  email: string,
  options: { publicUrl: string; print: (line: string) => void; printError: (line: string) => void },
): Promise<number> {
  try {
    const reset = await new PasswordResetService({
      db,
      mailer: null,
      publicUrl: options.publicUrl,
    }).resetByOperator(email);
    options.print(`Reset the password of ${reset.email}; every session of the account has ended.`);
    options.print(`One-time password: ${reset.oneTimePassword}`);
    options.print(`It must be changed at the next sign-in: ${options.publicUrl}/newsroom/sign-in`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError) {
      options.printError(
        `tribune user reset-password: no newsroom user has the email ${email.trim().toLowerCase()}`,
      );
      return 1;
    }
    throw error;
  }
}

export const DEMO_ADMIN_EMAIL = "admin@example.org";

/**
 * For the demo (`npm start`): when the newsroom has no user yet, adds admin@example.org with a
 * one-time password and returns that password (to print); otherwise null.
 */
export async function createDemoAdmin(db: Db): Promise<string | null> {
  if (await db.selectFrom("users").select("id").limit(1).executeTakeFirst()) return null;
  const { oneTimePassword } = await new UserService(db).createUser(
    { email: DEMO_ADMIN_EMAIL, role: "admin", name: "Demo Admin" },
    { via: "demo" },
  );
  return oneTimePassword;
}
