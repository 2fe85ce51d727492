import { buildApp } from "../app.ts";
import type { Config } from "../config.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { describeDatabase, openMigrated } from "./open-migrated.ts";

/** Serves the site until SIGINT/SIGTERM; with `demo`, first loads the demo into an empty database. */
export async function serveCommand(
  config: Config,
  options: { demo: boolean; args: string[] },
): Promise<number> {
  if (options.args.length > 0) {
    console.error(`tribune: unexpected arguments: ${options.args.join(" ")} (configure with PORT, HOST, …)`);
    return 2;
  }
  const { database } = await openMigrated(config);
  if (options.demo) {
    const empty = !(await database.db.selectFrom("stories").select("id").limit(1).executeTakeFirst());
    if (empty) {
      const { createdStories } = await seedDemo(database.db, {
        mediaDir: config.mediaDir,
        editions: config.editions.map((e) => e.code),
      });
      console.log(`Loaded the demo content (${createdStories.length} stories).`);
    }
  }
  const app = await buildApp({ config, database, logger: true });
  const stop = async (signal: string) => {
    app.log.info(`${signal} received, closing`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  const front = (code: string) => {
    const edition = config.editions.find((e) => e.code === code);
    return edition?.host ? `http://${edition.host}/` : `${config.publicUrl}${edition?.prefix ?? ""}/`;
  };
  console.log(
    `Tribune is serving ${describeDatabase(config.databaseUrl)} on http://${config.host}:${config.port}`,
  );
  for (const edition of config.editions) console.log(`  ${edition.code}: ${front(edition.code)}`);
  return 0;
}
