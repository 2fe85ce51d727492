import type { Db } from "../db/database.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import type { CommentConfig } from "./comment-config.ts";
import { CommentHasher } from "./comment-hashing.ts";
import { CommentPolicies } from "./comment-policy.ts";
import type { FlagDeps } from "./flag-comment.ts";
import { BanService } from "./moderation/ban-service.ts";
import { ModerationQueue } from "./moderation/moderation-queue.ts";
import { ModerationService } from "./moderation/moderation-service.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./posting/phases/rate-limit.ts";
import type { PostCommentDeps } from "./posting/post-comment.ts";
import { ReaderSessions } from "./reader-auth/reader-session.ts";
import { ReaderSignIn } from "./reader-auth/reader-sign-in.ts";
import { ThreadAnnouncer } from "./thread-events.ts";
import { ThreadService } from "./thread-service.ts";

/** Reader comments, counted: the number on "Show comments (N)". */
export class CommentService {
  private readonly threads: ThreadService;

  constructor(db: Db) {
    this.threads = new ThreadService(db);
  }

  /** Approved comments of an article. */
  countVisible(articleId: number): Promise<number> {
    return this.threads.countVisible(articleId);
  }
}

/** Everything the comment feature needs, wired once (routes and the newsroom take it from here). */
export interface CommentServices {
  db: Db;
  config: CommentConfig;
  hasher: CommentHasher;
  policies: CommentPolicies;
  threads: ThreadService;
  announcer: ThreadAnnouncer;
  posting: PostCommentDeps;
  flagging: FlagDeps;
  sessions: ReaderSessions;
  /** Null when no SMTP server is configured: verified readers are off. */
  signIn: ReaderSignIn | null;
  moderation: ModerationService;
  queue: ModerationQueue;
  bans: BanService;
}

export interface CommentServiceOptions {
  db: Db;
  config: CommentConfig;
  /** Keys the hashes of e-mails and addresses and signs reader cookies (from the data directory). */
  secret: string;
  /** The "content changed" events the page cache listens to. */
  events?: ContentEvents | undefined;
  /** The site's mailer (src/mail/); without one, verified readers are off. */
  mailer?: Mailer | null | undefined;
  rateLimits?: RateLimits;
  /** Top-level comments per thread page. */
  pageSize?: number;
}

export function createCommentServices(options: CommentServiceOptions): CommentServices {
  const { db, config } = options;
  const hasher = new CommentHasher(options.secret);
  const policies = new CommentPolicies(db, config);
  const announcer = new ThreadAnnouncer(options.events);
  const mailer = options.mailer ?? null;
  return {
    db,
    config,
    hasher,
    policies,
    threads: new ThreadService(db, options.pageSize),
    announcer,
    posting: {
      db,
      hasher,
      policies,
      announcer,
      config,
      rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
    },
    flagging: { db, hasher, announcer, flagThreshold: config.flagThreshold },
    sessions: new ReaderSessions(options.secret),
    signIn: mailer ? new ReaderSignIn(db, hasher, mailer) : null,
    moderation: new ModerationService(db, announcer, policies, config, hasher),
    queue: new ModerationQueue(db),
    bans: new BanService(db, hasher),
  };
}
