import type { CommentStatus } from "../../db/schema.ts";
import { banCheck } from "./phases/ban-check.ts";
import { closedThread } from "./phases/closed-thread.ts";
import { duplicateText } from "./phases/duplicate-text.ts";
import { honeypot } from "./phases/honeypot.ts";
import { linkLimit } from "./phases/link-limit.ts";
import { policyStatus } from "./phases/policy-status.ts";
import { rateLimit } from "./phases/rate-limit.ts";
import { wordLists } from "./phases/word-lists.ts";
import type { PostingContext, PostingPhase } from "./posting-context.ts";

/**
 * The checks a new comment goes through, cheapest and most certain first: a bot that fills the
 * honeypot costs no query; a closed thread or a ban is decided before any counting.
 */
export const POSTING_PHASES: readonly PostingPhase[] = [
  honeypot,
  closedThread,
  banCheck,
  rateLimit,
  linkLimit,
  wordLists,
  duplicateText,
  policyStatus,
];

const STRENGTH: Record<CommentStatus, number> = { approved: 0, pending: 1, spam: 2, rejected: 3 };

/** Runs the phases in order; the first refusal stops it, otherwise the strongest verdict wins. */
export async function runPostingPipeline(
  context: PostingContext,
  phases: readonly PostingPhase[] = POSTING_PHASES,
): Promise<{ status: CommentStatus; reason: string | null }> {
  let outcome: { status: CommentStatus; reason: string | null } = { status: "approved", reason: null };
  for (const phase of phases) {
    const verdict = await phase.run(context);
    if (verdict && STRENGTH[verdict.status] > STRENGTH[outcome.status]) outcome = verdict;
  }
  return outcome;
}
