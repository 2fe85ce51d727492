import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/database.ts";
import type { Mailer } from "../../mail/mailer.ts";
import { CommentRefusedError } from "../comment-errors.ts";
import type { CommentHasher } from "../comment-hashing.ts";
import { cleanName, EMAIL_MAX } from "../comment-input.ts";

/** How long an e-mailed link works. */
export const LINK_MINUTES = 30;
const LINKS_PER_EMAIL_PER_HOUR = 3;
const LINKS_PER_IP_PER_HOUR = 10;

export interface VerifiedReader {
  id: number;
  email: string;
  displayName: string | null;
}

export interface SignInRequest {
  email: string;
  edition: string;
  /** A path inside the edition to come back to. */
  returnPath: string;
  ip: string | null;
}

/**
 * Verified readers: a reader asks for a link, the link (a random token, stored by its hash) comes
 * by e-mail, and following it — then pressing a button, so that mail scanners that open links sign
 * nobody in — proves the address.
 */
export class ReaderSignIn {
  constructor(
    private readonly db: Db,
    private readonly hasher: CommentHasher,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Sends a sign-in link. Answers the same whether or not the address is known, so the form tells
   * nobody who comments here.
   */
  async requestLink(
    request: SignInRequest,
    message: (link: string) => { subject: string; text: string },
    linkFor: (token: string) => string,
    now: Date,
  ): Promise<void> {
    const email = cleanName(request.email).toLowerCase();
    if (email === "") throw new CommentRefusedError("EMAIL_REQUIRED");
    if (email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/u.test(email)) {
      throw new CommentRefusedError("EMAIL_INVALID");
    }
    const emailHash = this.hasher.email(email);
    const ipHash = request.ip ? this.hasher.ip(request.ip) : null;
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const [byEmail, byIp] = await Promise.all([
      this.recent("emailHash", emailHash, hourAgo),
      ipHash ? this.recent("ipHash", ipHash, hourAgo) : 0,
    ]);
    if (byEmail >= LINKS_PER_EMAIL_PER_HOUR || byIp >= LINKS_PER_IP_PER_HOUR) {
      throw new CommentRefusedError("SIGN_IN_LIMIT");
    }
    const token = randomBytes(32).toString("base64url");
    await this.db
      .insertInto("readerLoginTokens")
      .values({
        tokenHash: hashToken(token),
        email,
        emailHash,
        edition: request.edition,
        returnPath: request.returnPath,
        ipHash,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000).toISOString(),
        usedAt: null,
      })
      .execute();
    const { subject, text } = message(linkFor(token));
    await this.mailer.send({ to: email, subject, text });
  }

  /**
   * Uses a token once: the reader it proves (created on first sign-in) and where to go back, or a
   * TOKEN_INVALID refusal for a link that is unknown, expired or used.
   */
  async confirm(
    token: string,
    edition: string,
    now: Date,
  ): Promise<{ reader: VerifiedReader; returnPath: string }> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new CommentRefusedError("TOKEN_INVALID");
    const at = now.toISOString();
    return this.db.transaction().execute(async (tx) => {
      const used = await tx
        .updateTable("readerLoginTokens")
        .set({ usedAt: at })
        .where("tokenHash", "=", hashToken(token))
        .where("edition", "=", edition)
        .where("usedAt", "is", null)
        .where("expiresAt", ">", at)
        .returning(["email", "emailHash", "returnPath"])
        .executeTakeFirst();
      if (!used) throw new CommentRefusedError("TOKEN_INVALID");
      const reader = await tx
        .insertInto("verifiedReaders")
        .values({
          email: used.email,
          emailHash: used.emailHash,
          displayName: null,
          createdAt: at,
          lastSignInAt: at,
        })
        .onConflict((oc) => oc.column("email").doUpdateSet({ lastSignInAt: at }))
        .returning(["id", "email", "displayName"])
        .executeTakeFirstOrThrow();
      return { reader, returnPath: used.returnPath };
    });
  }

  /** The verified reader of a session cookie's id (null if the reader is gone). */
  async reader(id: number): Promise<VerifiedReader | null> {
    const row = await this.db
      .selectFrom("verifiedReaders")
      .select(["id", "email", "displayName"])
      .where("id", "=", id)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Remembers the name a verified reader comments under, for the next time. */
  async rememberName(id: number, name: string): Promise<void> {
    await this.db.updateTable("verifiedReaders").set({ displayName: name }).where("id", "=", id).execute();
  }

  private async recent(column: "emailHash" | "ipHash", value: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom("readerLoginTokens")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where(column, "=", value)
      .where("createdAt", ">", since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
