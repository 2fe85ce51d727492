import { CommentRefusedError } from "../../comment-errors.ts";
import type { PostingPhase } from "../posting-context.ts";

/**
 * The form has a field people do not see (hidden by the stylesheet, skipped by keyboards and
 * screen readers, marked not to be autofilled); form-filling bots fill every field. The refusal
 * says which field to leave empty, for the rare person whose browser showed it.
 */
export const honeypot: PostingPhase = {
  name: "honeypot",
  run({ draft }) {
    if (draft.honeypot.trim() !== "") throw new CommentRefusedError("HONEYPOT");
    return undefined;
  },
};
