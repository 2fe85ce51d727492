import { parseArgs } from "node:util";
import { ROLES } from "../accounts/authorization/roles.ts";
import { UserService } from "../accounts/user-service.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { openMigrated } from "./open-migrated.ts";

export const USER_USAGE = `Usage: tribune user add --email E --role R [--password P] [--name N] [--editions pt,es]

Roles: ${ROLES.join(", ")}. Translators need --editions (the editions they translate into).
Without --password, a one-time password is printed; it must be changed at first sign-in.`;

/** `tribune user add …`: adds a newsroom user from the command line (the first admin, typically). */
export async function userCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
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
