import { CommentRefusedError } from "../../comment-errors.ts";
import type { PostingPhase } from "../posting-context.ts";

/** Closed threads (by the edition's policy, by age, or one by one) take no comments. */
export const closedThread: PostingPhase = {
  name: "closed-thread",
  run({ policy }) {
    if (policy.closed !== null) throw new CommentRefusedError("CLOSED");
    return undefined;
  },
};
