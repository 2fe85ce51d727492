import { parseArgs } from "node:util";
import { AccessTokenService } from "../accounts/access-token-service.ts";
import { normalizeEmail, UserService } from "../accounts/user-service.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { openMigrated } from "./open-migrated.ts";

export const TOKEN_USAGE = `Usage: tribune token add --email E [--name N] [--expires-days D]
       tribune token list --email E
       tribune token revoke ID

add prints a personal access token for the admin API once (it is stored hashed and cannot be shown
again); it acts with the user's role and editions. Without --expires-days it works until revoked.`;

type Print = (line: string) => void;

/** `tribune token add|list|revoke …`: personal access tokens for the admin API. */
export async function tokenCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  const run = commands[subcommand ?? ""];
  if (!run) {
    console.error(
      subcommand ? `tribune token: unknown subcommand "${subcommand}"\n\n${TOKEN_USAGE}` : TOKEN_USAGE,
    );
    return 2;
  }
  return run(config, rest);
}

const commands: Record<string, (config: Config, args: string[]) => Promise<number>> = {
  add: async (config, args) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, name: { type: "string" }, "expires-days": { type: "string" } },
      strict: true,
    });
    if (values.email === undefined) return usageError("token add", "--email is required");
    const email = values.email;
    return withDatabase(config, (db) =>
      addToken(db, { email, name: values.name, expiresDays: values["expires-days"] }, printers(config)),
    );
  },
  list: async (config, args) => {
    const { values } = parseArgs({ args, options: { email: { type: "string" } }, strict: true });
    if (values.email === undefined) return usageError("token list", "--email is required");
    const email = values.email;
    return withDatabase(config, (db) => listTokens(db, email, printers(config)));
  },
  revoke: async (config, args) => {
    const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
    const id = positionals.length === 1 ? positionals[0] : undefined;
    if (id === undefined) return usageError("token revoke", "give one token id (see tribune token list)");
    return withDatabase(config, (db) => revokeToken(db, id, printers(config)));
  },
};

function usageError(command: string, message: string): number {
  console.error(`tribune ${command}: ${message}\n\n${TOKEN_USAGE}`);
  return 2;
}

function printers(config: Config): { publicUrl: string; print: Print; printError: Print } {
  return {
    publicUrl: config.publicUrl,
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
  };
}

async function withDatabase(config: Config, work: (db: Db) => Promise<number>): Promise<number> {
  const { database } = await openMigrated(config);
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** The user with `email`, or null after saying there is none. */
async function userByEmail(db: Db, email: string, command: string, printError: Print) {
  const address = normalizeEmail(email);
  const row = await new UserService(db).findByEmail(address);
  if (!row) printError(`tribune token ${command}: no newsroom user has the email ${address}`);
  return row ?? null;
}

/** What `tribune token add` does once the database is open: makes a token and prints it once. */
export async function addToken(
  db: Db,
  flags: { email: string; name?: string | undefined; expiresDays?: string | undefined },
  options: { publicUrl: string; print: Print; printError: Print },
): Promise<number> {
  const user = await userByEmail(db, flags.email, "add", options.printError);
  if (!user) return 1;
  const { token, record } = await new AccessTokenService(db).create(
    user.id,
    { name: flags.name, expiresDays: flags.expiresDays },
    { actorUserId: null, via: "cli" },
  );
  const expiry = record.expiresAt ? `expires ${record.expiresAt}` : "does not expire";
  options.print(`Token ${record.id} "${record.name}" for ${user.role} ${user.email} (${expiry}):`);
  options.print(token);
  options.print("It is shown this once. Send it as: Authorization: Bearer <token>");
  options.print(`API reference: ${options.publicUrl}/api/docs`);
  return 0;
}

/** What `tribune token list` does: the user's tokens, one a line, never the tokens themselves. */
export async function listTokens(
  db: Db,
  email: string,
  options: { print: Print; printError: Print },
): Promise<number> {
  const user = await userByEmail(db, email, "list", options.printError);
  if (!user) return 1;
  const tokens = await new AccessTokenService(db).list(user.id);
  if (tokens.length === 0) {
    options.print(`${user.email} has no access tokens.`);
    return 0;
  }
  for (const token of tokens) {
    const ending = token.revokedAt
      ? `revoked ${token.revokedAt}`
      : token.expiresAt
        ? `${token.state === "expired" ? "expired" : "expires"} ${token.expiresAt}`
        : "no expiry";
    options.print(
      `${token.id}\t${token.name}\tcreated ${token.createdAt}\tlast used ${token.lastUsedAt ?? "never"}\t${ending}`,
    );
  }
  return 0;
}

/** What `tribune token revoke` does: the token stops working at once. */
export async function revokeToken(
  db: Db,
  id: string,
  options: { print: Print; printError: Print },
): Promise<number> {
  const tokenId = /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : null;
  if (tokenId === null) {
    options.printError(`tribune token revoke: "${id}" is not a token id; see tribune token list --email E`);
    return 2;
  }
  const service = new AccessTokenService(db);
  const found = await service.get(tokenId).catch(() => null);
  if (!found) {
    options.printError(`tribune token revoke: there is no access token ${tokenId}`);
    return 1;
  }
  const wasRevoked = found.revokedAt !== null;
  const revoked = await service.revoke(tokenId, null, { actorUserId: null, via: "cli" });
  options.print(
    wasRevoked
      ? `Token ${tokenId} "${revoked.name}" was already revoked (${revoked.revokedAt}).`
      : `Revoked token ${tokenId} "${revoked.name}"; it no longer works.`,
  );
  return 0;
}
