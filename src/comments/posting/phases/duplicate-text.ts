import { CommentRefusedError } from "../../comment-errors.ts";
import { characterCount } from "../../comment-input.ts";
import type { PostingPhase } from "../posting-context.ts";

const WINDOW_MS = 24 * 60 * 60_000;
/** Short texts ("Agreed.", "Thank you") are said by many; only longer ones count as copies. */
const COPY_MIN_CHARACTERS = 20;
/** The same long text from this many other commenters in a day is a campaign. */
const COPIES_FOR_SPAM = 2;

/**
 * The same text again within a day: from the same commenter (e-mail or address) it is a double
 * post, refused; from several others it is a copy-and-paste campaign, kept as spam.
 */
export const duplicateText: PostingPhase = {
  name: "duplicate-text",
  async run({ db, draft, now }) {
    const since = new Date(Date.parse(now) - WINDOW_MS).toISOString();
    const rows = await db
      .selectFrom("comments")
      .select(["emailHash", "ipHash"])
      .where("fingerprint", "=", draft.fingerprint)
      .where("createdAt", ">", since)
      .limit(50)
      .execute();
    const mine = rows.some(
      (row) => row.emailHash === draft.emailHash || (draft.ipHash !== null && row.ipHash === draft.ipHash),
    );
    if (mine) throw new CommentRefusedError("DUPLICATE");
    if (rows.length >= COPIES_FOR_SPAM && characterCount(draft.text) >= COPY_MIN_CHARACTERS) {
      return { status: "spam", reason: "duplicate" };
    }
    return undefined;
  },
};
