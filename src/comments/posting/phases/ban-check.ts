import { CommentRefusedError } from "../../comment-errors.ts";
import type { PostingPhase } from "../posting-context.ts";

/** Refuses commenters a moderator banned, by e-mail or by address, while the ban lasts. */
export const banCheck: PostingPhase = {
  name: "ban-check",
  async run({ db, draft, now }) {
    const ban = await db
      .selectFrom("commentBans")
      .select("id")
      .where((eb) =>
        eb.and([
          eb.or([
            eb.and([eb("kind", "=", "email"), eb("valueHash", "=", draft.emailHash)]),
            ...(draft.ipHash ? [eb.and([eb("kind", "=", "ip"), eb("valueHash", "=", draft.ipHash)])] : []),
          ]),
          eb.or([eb("expiresAt", "is", null), eb("expiresAt", ">", now)]),
        ]),
      )
      .executeTakeFirst();
    if (ban) throw new CommentRefusedError("BANNED");
    return undefined;
  },
};
