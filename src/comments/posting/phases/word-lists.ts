import { CommentRefusedError } from "../../comment-errors.ts";
import { wordMatcherFor } from "../../word-lists/word-lists.ts";
import type { PostingPhase } from "../posting-context.ts";

/** The edition language's word list, on the name and the text: refuse, mark as spam, or hold. */
export const wordLists: PostingPhase = {
  name: "word-lists",
  run({ draft }) {
    const found = wordMatcherFor(draft.edition).match(draft.name, draft.text);
    if (!found) return undefined;
    if (found.action === "reject") throw new CommentRefusedError("BLOCKED_WORDS");
    if (found.action === "spam") return { status: "spam", reason: "word-list:spam" };
    return { status: "pending", reason: "word-list" };
  },
};
