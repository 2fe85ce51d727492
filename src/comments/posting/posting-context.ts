import type { Db } from "../../db/database.ts";
import type { CommentStatus } from "../../db/schema.ts";
import type { CommentConfig } from "../comment-config.ts";
import type { ThreadPolicy } from "../comment-policy.ts";
import type { RateLimits } from "./phases/rate-limit.ts";

/** A comment on its way in: cleaned, hashed, not yet stored. */
export interface CommentDraft {
  articleId: number;
  edition: string;
  parentId: number | null;
  rootId: number | null;
  name: string;
  email: string;
  emailHash: string;
  ipHash: string | null;
  text: string;
  fingerprint: string;
  verifiedReaderId: number | null;
  /** What the hidden field held; people leave it empty. */
  honeypot: string;
}

/** What every phase may read. */
export interface PostingContext {
  db: Db;
  draft: CommentDraft;
  policy: ThreadPolicy;
  limits: Pick<CommentConfig, "maxLinks" | "maxLength"> & { rate: RateLimits };
  now: string;
}

/** A phase's verdict: nothing to say (carry on), or hold the comment as pending or spam, and why. */
export type PhaseVerdict =
  | undefined
  | { status: Exclude<CommentStatus, "approved" | "rejected">; reason: string };

/**
 * One check of the posting pipeline. It refuses by throwing a CommentRefusedError (the reader is
 * told why), or returns a verdict; the strongest verdict of all phases decides the status.
 */
export interface PostingPhase {
  name: string;
  run(context: PostingContext): PhaseVerdict | Promise<PhaseVerdict>;
}
