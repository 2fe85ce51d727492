import { parseArgs } from "node:util";
import { normalizeEmail } from "../accounts/user-service.ts";
import { AuthorService } from "../authors/author-service.ts";
import type { Config } from "../config.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { ValidationError } from "../shared/errors.ts";
import { openMigrated } from "./open-migrated.ts";

export const AUTHOR_USAGE = `Usage: tribune author add --name N [--slug S] [--bio B] [--edition E] [--user-email E]

Adds an author profile (a byline). --bio with --edition is the bio in that edition's language;
without --edition it is the default bio, shown in editions that have none of their own.
--user-email links the profile to that newsroom user, who may then edit it.`;

export interface AddAuthorFlags {
  name?: string | undefined;
  slug?: string | undefined;
  bio?: string | undefined;
  edition?: string | undefined;
  userEmail?: string | undefined;
}

/** `tribune author add …`: adds an author profile from the command line (scripts, imports). */
export async function authorCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== "add") {
    console.error(
      subcommand ? `tribune author: unknown subcommand "${subcommand}"\n\n${AUTHOR_USAGE}` : AUTHOR_USAGE,
    );
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      slug: { type: "string" },
      bio: { type: "string" },
      edition: { type: "string" },
      "user-email": { type: "string" },
    },
    strict: true,
  });
  if (values.name === undefined) {
    console.error(`tribune author add: --name is required\n\n${AUTHOR_USAGE}`);
    return 2;
  }
  if (values.edition !== undefined && values.bio === undefined) {
    console.error(
      `tribune author add: --edition says which language --bio is in; give --bio too\n\n${AUTHOR_USAGE}`,
    );
    return 2;
  }
  const { database } = await openMigrated(config);
  try {
    await addAuthor(
      database.db,
      { ...values, userEmail: values["user-email"] },
      { print: (line) => console.log(line), config },
    );
    return 0;
  } finally {
    await database.close();
  }
}

/** What `tribune author add` does once the database is open: one transaction, audited. */
export async function addAuthor(
  db: Db,
  flags: AddAuthorFlags,
  options: { print: (line: string) => void; config: Pick<Config, "publicUrl" | "defaultEdition"> },
): Promise<void> {
  const bioByEdition = flags.edition !== undefined;
  const profile = await changeContent(db, undefined, async (trx) => {
    const authors = new AuthorService(trx);
    const created = await authors.createAuthor({
      name: flags.name,
      ...(flags.slug !== undefined ? { slug: flags.slug } : {}),
      ...(flags.bio !== undefined && !bioByEdition ? { bio: flags.bio } : {}),
      ...(bioByEdition ? { bios: { [flags.edition ?? ""]: flags.bio } } : {}),
    });
    if (flags.userEmail !== undefined) {
      const email = normalizeEmail(flags.userEmail);
      const user = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
      if (!user) throw new ValidationError("user-email", `there is no newsroom user ${email}`);
      await authors.linkUser(trx, user.id, created.id);
    }
    return created;
  });
  const linked = flags.userEmail === undefined ? "" : `, linked to ${normalizeEmail(flags.userEmail)}`;
  options.print(`Added author ${profile.name} (#${profile.id})${linked}.`);
  const { config } = options;
  const page = new SiteUrls(config.publicUrl).absolute(config.defaultEdition, `/author/${profile.slug}`);
  options.print(`Their page: ${page}`);
}
