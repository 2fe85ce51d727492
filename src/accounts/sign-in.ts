import type { Db } from "../db/database.ts";
import { ForbiddenError, TooManyAttemptsError, TribuneError, ValidationError } from "../shared/errors.ts";
import { recordAudit } from "./audit/audit-log.ts";
import { verifyAgainstDecoy, verifyPassword } from "./password.ts";
import type { ClientInfo, SessionService, VerifiedSession } from "./session-service.ts";
import type { SignInLimiter } from "./sign-in-limiter.ts";
import type { UserService } from "./user-service.ts";

/** The same answer for an unknown email and a wrong password: which emails exist is nobody's business. */
export class InvalidCredentialsError extends TribuneError {
  constructor() {
    super(
      "INVALID_CREDENTIALS",
      401,
      "That email and password do not match an account. Check both and try again.",
    );
  }
}

export interface SignedIn {
  /** For the cookie; never stored. */
  token: string;
  session: Omit<VerifiedSession, "user">;
  user: VerifiedSession["user"];
}

/** Signing in: rate limits first, then the password (argon2id), then a session; all audited. */
export class SignInService {
  constructor(
    private readonly deps: { db: Db; users: UserService; sessions: SessionService; limiter: SignInLimiter },
  ) {}

  async signIn(input: { email: unknown; password: unknown }, client: ClientInfo = {}): Promise<SignedIn> {
    const { db, users, sessions, limiter } = this.deps;
    const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
    const password = typeof input.password === "string" ? input.password : "";
    const ip = client.ip ?? null;
    // Never counted, looked up or audited: PostgreSQL refuses a NUL (a 500), and no address has one.
    if (/\p{Cc}/u.test(email)) throw new ValidationError("email", "must not contain control characters");
    const failed = (reason: string, userId: number | null) =>
      recordAudit(db, {
        actorUserId: null,
        action: "sign-in.failed",
        subjectType: userId === null ? null : "user",
        subjectId: userId,
        details: { email: email.slice(0, 254), reason },
        ip,
      });

    let attempt: Awaited<ReturnType<SignInLimiter["begin"]>>;
    try {
      attempt = await limiter.begin(email, ip);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) await failed("rate-limited", null);
      throw error;
    }
    const user = email && password ? await users.findByEmail(email) : undefined;
    const matches = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDecoy(password);
    if (!user || !matches) {
      await failed(user ? "wrong-password" : "unknown-email", user?.id ?? null);
      throw new InvalidCredentialsError();
    }
    if (user.disabledAt !== null) {
      await failed("disabled", user.id);
      throw new ForbiddenError("This account has been disabled. Ask an admin if you need it back.");
    }
    await limiter.succeeded(attempt);
    const { token, sessionId, expiresAt } = await sessions.createSession(user.id, client);
    await recordAudit(db, {
      actorUserId: user.id,
      action: "sign-in",
      subjectType: "user",
      subjectId: user.id,
      details: { userAgent: client.userAgent?.slice(0, 200) ?? null },
      ip,
    });
    const record = await users.getUser(user.id);
    return {
      token,
      session: { sessionId, expiresAt },
      user: {
        id: record.id,
        email: record.email,
        name: record.name,
        role: record.role,
        editions: record.editions,
        mustChangePassword: record.mustChangePassword,
      },
    };
  }
}
