import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { CommentHasher } from "../comments/comment-hashing.ts";
import { type Config, guardedSecret } from "../config.ts";
import { readTermMapping } from "../import/wordpress/term-kinds.ts";
import {
  type ImportProgress,
  type ImportSummary,
  WordpressImport,
} from "../import/wordpress/wordpress-import.ts";
import { MediaService } from "../media/media-service.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { ValidationError } from "../shared/errors.ts";
import { commandContentEvents } from "./command-content-events.ts";
import { describeDatabase, openMigrated } from "./open-migrated.ts";

export const IMPORT_USAGE = `import wordpress FILE.xml[.gz] [--media-dir DIR] [--no-download] [--mapping FILE] [--dry-run]
                              import a WordPress export (posts, translations, tags, authors,
                              images, comments, old URLs); safe to run again, resumable`;

/**
 * How far V8 lets the heap grow past what survived its last full collection before the next one:
 * 50 % (a factor of 1.5). By default, on a machine with memory to spare, V8 lets it grow to four
 * times that (its factor for heaps allowed more than 2 GB): the import keeps some 35 MB alive, so
 * the heap reached some 150 MB of mostly garbage (each post's 200 KB strings, its body as text,
 * JSON and hash input, go straight to the old generation's large objects, which only a full
 * collection frees) before a collection, whatever the export's size. At 50 % a full collection
 * comes at some 55–80 MB instead, for about the same CPU time (see README, Import from WordPress).
 * The flag is read each time V8 sets its next limit, so setting it in this process is enough: no
 * child process with other flags to start (and outlive us when we are killed).
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * `tribune import wordpress FILE`: imports a WordPress export with a progress line on stderr and a
 * summary per kind on stdout. Ctrl-C finishes the item being written and stops; running the same
 * command again goes on from there.
 */
export async function importCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "media-dir": { type: "string" },
      mapping: { type: "string" },
      "dry-run": { type: "boolean" },
      "no-download": { type: "boolean" },
    },
    strict: true,
    allowPositionals: true,
  });
  const [format, file, ...extra] = positionals;
  if (format !== "wordpress") {
    throw new ValidationError(
      "import",
      `the only format is "wordpress", e.g. tribune ${IMPORT_USAGE.split("\n")[0]}`,
    );
  }
  if (!file || extra.length > 0)
    throw new ValidationError("import wordpress", "give one export file (FILE.xml or FILE.xml.gz)");
  if (!existsSync(file)) throw new ValidationError("import wordpress", `there is no file "${file}"`);
  const mediaDir = values["media-dir"];
  if (mediaDir !== undefined && !existsSync(mediaDir)) {
    throw new ValidationError("--media-dir", `there is no folder "${mediaDir}"`);
  }
  const mapping = values.mapping === undefined ? undefined : await readTermMapping(values.mapping);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const { database } = await openMigrated(config);
  const stop = new AbortController();
  const onInterrupt = () => {
    process.stderr.write("\nStopping after the item being written (run the command again to go on)…\n");
    stop.abort();
  };
  process.once("SIGINT", onInterrupt);
  process.once("SIGTERM", onInterrupt);
  // What the import writes reaches the running site as a newsroom edit does: the serving processes
  // purge their caches, and webhook deliveries are queued.
  const announcing = commandContentEvents(database.db, config, (error) =>
    process.stderr.write(`\nThe running site could not be told of a change: ${String(error)}\n`),
  );
  const mediaStore = openMediaStore(config);
  try {
    const hasher = new CommentHasher(await guardedSecret(database.db, config, "comments"));
    const started = Date.now();
    const statementsBefore = database.queriesRun?.() ?? 0;
    process.stderr.write(
      `Importing ${file} into ${describeDatabase(config.databaseUrl)}${values["dry-run"] ? " (dry run: nothing is stored)" : ""}\n`,
    );
    const importer = new WordpressImport({
      db: database.db,
      events: announcing.events,
      // The source's files are read from --media-dir; what is imported goes to the configured store.
      media: new MediaService({ db: database.db, mediaStore }),
      commentHasher: hasher,
      editions: config.editions.map((e) => e.code),
      defaultEdition: config.defaultEdition.code,
      mediaDir,
      download: values["no-download"] ? false : {},
      mapping,
      dryRun: values["dry-run"],
      signal: stop.signal,
      onProgress: progressLine(started),
    });
    const summary = await importer.run(file);
    process.stderr.write("\n");
    const statements = (database.queriesRun?.() ?? 0) - statementsBefore;
    console.log(describeSummary(summary, (Date.now() - started) / 1000, statements));
    return summary.stopped ? 130 : 0;
  } finally {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
    announcing.close();
    mediaStore.close();
    await database.close();
  }
}

/**
 * "pass 2/2  1200 items  850 items/s  63%  ETA 12 s", redrawn at most four times a second, and
 * whenever a pass begins (a small export's second pass may last less than a quarter second).
 */
function progressLine(started: number): (progress: ImportProgress) => void {
  let drawn = 0;
  let drawnPass = 0;
  return ({ items, bytesRead, totalBytes, pass }) => {
    const now = Date.now();
    if (now - drawn < 250 && pass === drawnPass) return;
    drawn = now;
    drawnPass = pass;
    const seconds = Math.max((now - started) / 1000, 0.001);
    // Each pass reads the file once: the work done is the bytes of the passes behind plus this one's.
    const done = (pass - 1) * totalBytes + bytesRead;
    const fraction = Math.min(done / (2 * Math.max(totalBytes, 1)), 1);
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : 0;
    process.stderr.write(
      `\r  pass ${pass}/2  ${items} items  ${Math.round(items / seconds)} items/s  ${Math.floor(fraction * 100)}%  ETA ${Math.ceil(eta)} s   `,
    );
  };
}

/** `statements`: SQL statements the run completed (what batching saves shows there, whatever the machine's load). */
export function describeSummary(summary: ImportSummary, seconds: number, statements?: number): string {
  const ran = statements === undefined ? "" : `, ${statements} SQL statements`;
  const lines = [
    `${summary.dryRun ? "Dry run of the import" : summary.stopped ? "Import stopped" : "Imported"} ${summary.source} in ${seconds.toFixed(1)} s (run #${summary.runId}${ran}):`,
  ];
  for (const [kind, counts] of Object.entries(summary.counts)) {
    lines.push(
      `  ${kind}s: ${counts.imported} imported, ${counts.updated} updated, ${counts.skipped} skipped`,
    );
    for (const [reason, count] of Object.entries(counts.reasons))
      lines.push(`    ${count} skipped: ${reason}`);
    for (const [note, count] of Object.entries(counts.notes)) lines.push(`    ${count} × ${note}`);
  }
  for (const error of summary.errors.slice(0, 50)) lines.push(`  error: ${error.item}: ${error.message}`);
  if (summary.errors.length > 50)
    lines.push(`  … and ${summary.errors.length - 50} more errors (see import_runs)`);
  if (summary.stopped) lines.push("Run the same command again to finish the import.");
  return lines.join("\n");
}
