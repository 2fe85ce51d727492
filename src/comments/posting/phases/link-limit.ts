import { CommentRefusedError } from "../../comment-errors.ts";
import { findLinks } from "../../links.ts";
import type { PostingPhase } from "../posting-context.ts";

/**
 * Too many links is the mark of link spam: refused with the count, so a person can trim them. A
 * link in the name field (the classic "Cheap pills" author) is spam.
 */
export const linkLimit: PostingPhase = {
  name: "link-limit",
  run({ draft, limits }) {
    if (findLinks(draft.name).length > 0) return { status: "spam", reason: "link-in-name" };
    const count = findLinks(draft.text).length;
    if (count > limits.maxLinks) {
      throw new CommentRefusedError("TOO_MANY_LINKS", { limit: limits.maxLinks, actual: count });
    }
    return undefined;
  },
};
