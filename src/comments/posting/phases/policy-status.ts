import type { PostingPhase } from "../posting-context.ts";

/**
 * The edition's policy decides what the other phases left open: open threads publish at once,
 * "premoderate-all" holds everything, "premoderate-first" holds a commenter's first comment — known
 * commenters have an approved comment (by e-mail, or as the same verified reader) and nothing ever
 * marked as spam. For guests the e-mail is only claimed, so trusting it is as strong as the
 * address is secret; verified readers prove theirs.
 */
export const policyStatus: PostingPhase = {
  name: "policy-status",
  async run({ db, draft, policy }) {
    if (policy.policy === "premoderate-all") return { status: "pending", reason: "premoderated" };
    if (policy.policy !== "premoderate-first") return undefined;
    const history = await db
      .selectFrom("comments")
      .select("status")
      .where((eb) =>
        draft.verifiedReaderId !== null
          ? eb.or([
              eb("emailHash", "=", draft.emailHash),
              eb("verifiedReaderId", "=", draft.verifiedReaderId),
            ])
          : eb("emailHash", "=", draft.emailHash),
      )
      .where("status", "in", ["approved", "spam"])
      .groupBy("status")
      .execute();
    const known =
      history.some((row) => row.status === "approved") && !history.some((row) => row.status === "spam");
    return known ? undefined : { status: "pending", reason: "first-comment" };
  },
};
