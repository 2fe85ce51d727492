import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import type { Db } from "../db/database.ts";

/** One line of the "Imports and feeds" history: an import run or a feed's poll. */
export interface IntakeRecord {
  kind: "import" | "poll";
  /** The import's file, or the feed's name. */
  subject: string;
  /** The feed's page, for a poll whose feed still exists. */
  feedId: number | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  /** "12 new, 3 duplicates, 0 errors"; an import's counts per kind. */
  counts: string;
  errors: string[];
}

type ImportCounts = Record<string, { imported?: number; updated?: number; skipped?: number }>;

/**
 * What came in, newest first: each WordPress import run (import_runs) and each poll of an agency
 * feed, with their counts and errors, for admins (`import.view`).
 */
export async function intakeHistory(db: Db, actor: Actor, limit = 100): Promise<IntakeRecord[]> {
  assertCan(actor, "import.view");
  const runs = await db.selectFrom("importRuns").selectAll().orderBy("id", "desc").limit(limit).execute();
  const polls = await db
    .selectFrom("agencyFeedPolls")
    .innerJoin("agencyFeeds", "agencyFeeds.id", "agencyFeedPolls.feedId")
    .select([
      "agencyFeedPolls.feedId",
      "agencyFeeds.name",
      "agencyFeedPolls.status",
      "agencyFeedPolls.startedAt",
      "agencyFeedPolls.finishedAt",
      "agencyFeedPolls.newItems",
      "agencyFeedPolls.duplicates",
      "agencyFeedPolls.itemErrors",
      "agencyFeedPolls.error",
    ])
    .orderBy("agencyFeedPolls.id", "desc")
    .limit(limit)
    .execute();
  const records: IntakeRecord[] = [
    ...runs.map((run) => ({
      kind: "import" as const,
      subject: `${run.file}${run.dryRun ? " (dry run)" : ""}`,
      feedId: null,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      counts: importCounts(run.counts),
      errors: importErrors(run.errors),
    })),
    ...polls.map((poll) => ({
      kind: "poll" as const,
      subject: poll.name,
      feedId: poll.feedId,
      status: poll.status,
      startedAt: poll.startedAt,
      finishedAt: poll.finishedAt,
      counts: `${poll.newItems} new, ${poll.duplicates} duplicates, ${poll.itemErrors} errors`,
      errors: poll.error ? poll.error.split("\n") : [],
    })),
  ];
  return records.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
}

function importCounts(json: string): string {
  const counts = parseJson<ImportCounts>(json, {});
  return Object.entries(counts)
    .map(
      ([kind, c]) =>
        `${kind}: ${c.imported ?? 0} imported, ${c.updated ?? 0} updated, ${c.skipped ?? 0} skipped`,
    )
    .join("; ");
}

function importErrors(json: string): string[] {
  const errors = parseJson<unknown[]>(json, []);
  return (Array.isArray(errors) ? errors : []).map((entry) => {
    if (typeof entry === "object" && entry !== null) {
      const { item, message } = entry as { item?: unknown; message?: unknown };
      return item ? `${String(item)}: ${String(message ?? "")}` : String(message ?? "");
    }
    return String(entry);
  });
}

function parseJson<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
