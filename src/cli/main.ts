import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { TribuneError } from "../shared/errors.ts";
import { authorCommand } from "./author-command.ts";
import { backupCommand, restoreCommand } from "./backup-command.ts";
import { IMPORT_USAGE, importCommand } from "./import-command.ts";
import { migrateCommand } from "./migrate-command.ts";
import { MIGRATE_DATA_USAGE, migrateDataCommand } from "./migrate-data-command.ts";
import { newsletterCommand } from "./newsletter-command.ts";
import { reindexCommand } from "./reindex-command.ts";
import { secretsCommand } from "./secrets-command.ts";
import { seedCommand } from "./seed-command.ts";
import { serveCommand } from "./serve-command.ts";
import { tokenCommand } from "./token-command.ts";
import { userCommand } from "./user-command.ts";

const USAGE = `Usage: tribune <command> [options]

Commands:
  serve [--workers N]         migrate the database and serve the site (never adds content), in N
                              processes on one port (default: one per core; 1 = a single process)
  demo [--workers N]          migrate, load the demo story into an empty database, and serve (npm start)
  migrate                     bring the database schema up to date
  seed --demo                 load the demo story, its related stories, tags and promotion (idempotent)
  seed --synthetic N [--seed S]
                              add N deterministic synthetic stories across the editions
  reindex                     rebuild the search index from the articles, with progress
  secrets reset comments      accept the data directory's comments secret for a database restored
                              without it (comment bans and rate limits made with the old one are lost)
  user add --email E --role R [--password P] [--name N] [--editions pt,es]
                              add a newsroom user (contributor, translator, editor, admin); without
                              --password, prints a one-time password to change at first sign-in
  token add --email E [--name N] [--expires-days D] | token list --email E | token revoke ID
                              personal access tokens for the admin API (add prints the token once)
  author add --name N [--slug S] [--bio B] [--edition E] [--user-email E]
                              add an author profile (a byline); --edition: the language of --bio;
                              --user-email: the newsroom user who writes as them
  newsletter send --edition E  send the edition's newsletter digest now (finishing one left half way)
  newsletter bounce ADDRESS [--complaint] [--edition E]
                              record a bounce or complaint the mail provider reported: no more digests
  backup DIR                  copy the running site's database (a consistent snapshot), media and
                              secrets into DIR (new or empty), while it serves and takes writes
  restore DIR                 put a backup into an empty database (DATABASE_URL), MEDIA_DIR and DATA_DIR
  ${MIGRATE_DATA_USAGE}
  ${IMPORT_USAGE}
  help                        show this text

Configuration comes from environment variables; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case "serve":
    case "demo": {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { workers: { type: "string" } },
        strict: true,
        allowPositionals: true,
      });
      return serveCommand(config, { demo: command === "demo", args: positionals, workers: values.workers });
    }
    case "migrate":
      return migrateCommand(config);
    case "reindex":
      return reindexCommand(config);
    case "user":
      return userCommand(config, rest);
    case "author":
      return authorCommand(config, rest);
    case "token":
      return tokenCommand(config, rest);
    case "secrets":
      return secretsCommand(config, rest);
    case "backup":
      return backupCommand(config, rest);
    case "newsletter":
      return newsletterCommand(config, rest);
    case "restore":
      return restoreCommand(config, rest);
    case "migrate-data":
      return migrateDataCommand(config, rest);
    case "import":
      return importCommand(config, rest);
    case "seed": {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: "boolean" }, synthetic: { type: "string" }, seed: { type: "string" } },
        strict: true,
      });
      return seedCommand(config, values);
    }
    default:
      console.error(`tribune: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code !== 0) process.exitCode = code;
} catch (error) {
  if (error instanceof TribuneError) {
    console.error(`tribune: ${error.message}`);
  } else if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`tribune: ${error.message}\n\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
