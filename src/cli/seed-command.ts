import type { Config } from "../config.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { seedSynthetic } from "../seed/synthetic/synthetic-seed.ts";
import { openMigrated } from "./open-migrated.ts";

export interface SeedFlags {
  demo?: boolean | undefined;
  synthetic?: string | undefined;
  seed?: string | undefined;
}

export async function seedCommand(config: Config, flags: SeedFlags): Promise<number> {
  if (!flags.demo && flags.synthetic === undefined) {
    console.error("tribune seed: say what to load: --demo, or --synthetic N [--seed S]");
    return 2;
  }
  const count = flags.synthetic === undefined ? 0 : wholeNumber("--synthetic", flags.synthetic, 1, 5_000_000);
  const seed = flags.seed === undefined ? 1 : wholeNumber("--seed", flags.seed, 0, 2 ** 31 - 1);
  if (count < 0 || seed < 0) return 2;
  const { database } = await openMigrated(config);
  try {
    const editions = config.editions.map((e) => e.code);
    if (flags.demo) {
      const { createdStories } = await seedDemo(database.db, {
        mediaStore: openMediaStore(config),
        editions,
      });
      console.log(
        createdStories.length === 0
          ? "Demo content is already loaded; nothing changed."
          : `Loaded the demo stories: ${createdStories.join(", ")}.`,
      );
    }
    if (count > 0) {
      const until = new Date();
      until.setUTCMinutes(0, 0, 0);
      const result = await seedSynthetic(database, {
        count,
        seed,
        editions,
        until,
        onProgress: progressPrinter(),
      });
      process.stderr.write("\n");
      console.log(
        `Synthetic corpus (seed ${seed}): ${result.stories} stories, ${result.articles} articles, ${result.revisions} revisions in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    console.error(`tribune seed: ${flag} takes a whole number from ${min} to ${max}, not "${value}"`);
    return -1;
  }
  return Number(value);
}

function progressPrinter(): (done: number, total: number) => void {
  const started = Date.now();
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    process.stderr.write(`\r  ${done}/${total} stories (${percent}%), ${rate}/s, ${seconds.toFixed(0)} s   `);
  };
}
