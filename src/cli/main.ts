import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { TribuneError } from "../shared/errors.ts";
import { migrateCommand } from "./migrate-command.ts";
import { seedCommand } from "./seed-command.ts";
import { serveCommand } from "./serve-command.ts";

const USAGE = `Usage: tribune <command> [options]

Commands:
  serve                       migrate the database and serve the site (never adds content)
  demo                        migrate, load the demo story into an empty database, and serve (npm start)
  migrate                     bring the database schema up to date
  seed --demo                 load the demo story, its related stories, tags and promotion (idempotent)
  seed --synthetic N [--seed S]
                              add N deterministic synthetic stories across the editions
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
      return serveCommand(config, { demo: false, args: rest });
    case "demo":
      return serveCommand(config, { demo: true, args: rest });
    case "migrate":
      return migrateCommand(config);
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
