import { AccessTokenService } from "../accounts/access-token-service.ts";
import type { Clock } from "../accounts/clock.ts";
import { InviteService } from "../accounts/invite-service.ts";
import type { PasswordResetLimits } from "../accounts/password-reset-limiter.ts";
import { PasswordResetService } from "../accounts/password-reset-service.ts";
import { type SessionLifetimes, SessionService } from "../accounts/session-service.ts";
import { SignInService } from "../accounts/sign-in.ts";
import { SignInLimiter, type SignInLimits } from "../accounts/sign-in-limiter.ts";
import { UserService } from "../accounts/user-service.ts";
import { AuthorService } from "../authors/author-service.ts";
import type { Db } from "../db/database.ts";
import type { Mailer } from "../mail/mailer.ts";

/** The account services of the newsroom, wired once. */
export interface NewsroomServices {
  users: UserService;
  sessions: SessionService;
  invites: InviteService;
  limiter: SignInLimiter;
  signIn: SignInService;
  passwordResets: PasswordResetService;
  /** Personal access tokens for the admin API (the account's Tokens page). */
  tokens: AccessTokenService;
}

export interface NewsroomServiceOptions {
  clock?: Clock;
  sessionLifetimes?: Partial<SessionLifetimes>;
  signInLimits?: Partial<SignInLimits>;
  /** The site's mailer, for reset links; null or absent: "forgot password" says e-mail is not set up. */
  mailer?: Mailer | null;
  /** The site's origin and name, for the links and words of those e-mails. */
  publicUrl?: string;
  siteName?: () => string;
  passwordResetLimits?: Partial<PasswordResetLimits>;
  /** A reset link that could not be mailed. */
  onMailError?: (error: unknown) => void;
}

export function createNewsroomServices(db: Db, options: NewsroomServiceOptions = {}): NewsroomServices {
  const clock = options.clock;
  const limiter = new SignInLimiter(db, {
    ...(clock ? { clock } : {}),
    ...(options.signInLimits ? { limits: options.signInLimits } : {}),
  });
  const users = new UserService(db, clock, limiter);
  const sessions = new SessionService(db, {
    ...(clock ? { clock } : {}),
    ...(options.sessionLifetimes ? { lifetimes: options.sessionLifetimes } : {}),
  });
  return {
    users,
    sessions,
    limiter,
    tokens: new AccessTokenService(db, clock ? { clock } : {}),
    invites: new InviteService(db, clock, (trx, userId, authorName) =>
      new AuthorService(trx).createProfileForUser(trx, userId, authorName).then(() => undefined),
    ),
    signIn: new SignInService({ db, users, sessions, limiter }),
    passwordResets: new PasswordResetService({
      db,
      mailer: options.mailer ?? null,
      publicUrl: options.publicUrl ?? "",
      ...(options.siteName ? { siteName: options.siteName } : {}),
      ...(clock ? { clock } : {}),
      ...(options.passwordResetLimits ? { limits: options.passwordResetLimits } : {}),
      ...(options.onMailError ? { onMailError: options.onMailError } : {}),
    }),
  };
}
