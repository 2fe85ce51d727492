import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The tables as the services see them (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Times are ISO-8601 UTC strings ("2026-11-25T08:00:00.000Z") in both dialects: they sort as text, so
 * keyset pagination and range queries behave the same on SQLite and PostgreSQL.
 */
export interface Database {
  editions: EditionTable;
  authors: AuthorTable;
  authorBios: AuthorBioTable;
  storyAuthors: StoryAuthorTable;
  sources: SourceTable;
  media: MediaTable;
  mediaTexts: MediaTextTable;
  mediaVariants: MediaVariantTable;
  tags: TagTable;
  tagNames: TagNameTable;
  stories: StoryTable;
  storyTags: StoryTagTable;
  storyRelated: StoryRelatedTable;
  articles: ArticleTable;
  articleRevisions: ArticleRevisionTable;
  articleTerms: ArticleTermTable;
  pendingEdits: PendingEditTable;
  reviewNotes: ReviewNoteTable;
  articleCorrections: ArticleCorrectionTable;
  promotions: PromotionTable;
  promotionEditions: PromotionEditionTable;
  promotionTags: PromotionTagTable;
  comments: CommentTable;
  commentFlags: CommentFlagTable;
  commentBans: CommentBanTable;
  commentPolicies: CommentPolicyTable;
  commentClosedArticles: CommentClosedArticleTable;
  verifiedReaders: VerifiedReaderTable;
  readerLoginTokens: ReaderLoginTokenTable;
  tagAncestors: TagAncestorTable;
  tagListings: TagListingTable;
  articleSlugHistory: ArticleSlugHistoryTable;
  tagSlugHistory: TagSlugHistoryTable;
  users: UserTable;
  userEditions: UserEditionTable;
  sessions: SessionTable;
  invites: InviteTable;
  auditLog: AuditLogTable;
  signInFailures: SignInFailureTable;
  passwordResets: PasswordResetTable;
  passwordResetRequests: PasswordResetRequestTable;
  accessTokens: AccessTokenTable;
  contentChanges: ContentChangeTable;
  leases: LeaseTable;
  audienceViews: AudienceViewTable;
  promotionCounts: PromotionCountTable;
  mostRead: MostReadTable;
  liveCoverage: LiveCoverageTable;
  liveUpdates: LiveUpdateTable;
  liveEvents: LiveEventTable;
  secretFingerprints: SecretFingerprintTable;
  frontPageSlots: FrontPageSlotTable;
  frontPageBlocks: FrontPageBlockTable;
  siteSettings: SiteSettingsTable;
  editionSettings: EditionSettingsTable;
  embeds: EmbedTable;
  pageGroups: PageGroupTable;
  pages: PageTable;
  webhooks: WebhookTable;
  webhookDeliveries: WebhookDeliveryTable;
  contentKeys: ContentKeyTable;

  importItems: ImportItemTable;
  importRuns: ImportRunTable;

  agencyFeeds: AgencyFeedTable;
  agencyFeedItems: AgencyFeedItemTable;
  agencyFeedPolls: AgencyFeedPollTable;

  newsletterSubscribers: NewsletterSubscriberTable;
  newsletterSchedules: NewsletterScheduleTable;
  newsletterIssues: NewsletterIssueTable;
  newsletterDeliveries: NewsletterDeliveryTable;
}

export type SubscriberStatus = "pending" | "confirmed" | "unsubscribed" | "bounced" | "complained";

/** A reader's address in one edition's newsletter (migration 0032; src/newsletters/). */
export interface NewsletterSubscriberTable {
  id: Id;
  edition: string;
  /** Lower-cased. */
  email: string;
  status: SubscriberStatus;
  createdAt: string;
  /** When the last confirmation e-mail went. */
  confirmSentAt: string | null;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  /** When a bounce or complaint stopped it, and why (the SMTP answer, or "complaint"). */
  stoppedAt: string | null;
  stopReason: string | null;
  updatedAt: string;
}

export type DigestFrequency = "off" | "daily" | "weekly";

/** An edition's digest schedule, on the edition's clock. */
export interface NewsletterScheduleTable {
  edition: string;
  frequency: DigestFrequency;
  /** ISO weekday (1 Monday … 7 Sunday), weekly only. */
  weekday: number | null;
  /** `HH:MM`. */
  time: string;
  /** The last due instant (UTC ISO) the scheduler handled. */
  lastSlot: string | null;
  updatedAt: string;
}

/** One digest of an edition, as it is sent to everyone. */
export interface NewsletterIssueTable {
  id: Id;
  edition: string;
  subject: string;
  html: string;
  text: string;
  /** The newest publication time it covers. */
  coversUntil: string;
  articleCount: number;
  trigger: "schedule" | "editor" | "cli";
  status: "sending" | "sent";
  createdAt: string;
  finishedAt: string | null;
}

/** One recipient of one digest. */
export interface NewsletterDeliveryTable {
  issueId: number;
  subscriberId: number;
  status: "pending" | "sent" | "bounced" | "skipped";
  claimedBy: string | null;
  claimedUntil: string | null;
  sentAt: string | null;
  error: string | null;
}

/** An agency feed editors configured (0028); see src/feeds/. */
export interface AgencyFeedTable {
  id: Id;
  name: string;
  url: string;
  /** The edition its drafts are written in. */
  edition: string;
  /** The source its drafts are attributed to. */
  sourceId: number | null;
  /** The credit of its photos ("Reuters"); the source's name when null. */
  credit: string | null;
  pollMinutes: number;
  enabled: number;
  /** When it is next due; moved ahead by the poller that claims it. */
  nextPollAt: string;
  etag: string | null;
  lastModified: string | null;
  createdAt: string;
  createdByUserId: number | null;
  updatedAt: string;
}

export type AgencyFeedRow = Selectable<AgencyFeedTable>;

/** An item a feed gave (0028), with its three duplicate keys, and the draft it became. */
export interface AgencyFeedItemTable {
  id: Id;
  feedId: number | null;
  guidKey: string | null;
  linkKey: string | null;
  titleKey: string;
  edition: string;
  title: string;
  link: string | null;
  articleId: number | null;
  takenByUserId: number | null;
  takenAt: string | null;
  createdAt: string;
}

export type AgencyFeedPollStatus = "running" | "fetched" | "unchanged" | "failed";

/** One poll of a feed (0028): what it found, and the error that stopped it. */
export interface AgencyFeedPollTable {
  id: Id;
  feedId: number;
  status: AgencyFeedPollStatus;
  startedAt: string;
  finishedAt: string | null;
  newItems: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  itemErrors: ColumnType<number, number | undefined, number>;
  error: string | null;
}

export type AgencyFeedPollRow = Selectable<AgencyFeedPollTable>;

/** An item of an import's source that lives in Tribune now (0027); see src/import/. */
export interface ImportItemTable {
  /** "wordpress:<site url>". */
  source: string;
  /** "post", "page", "attachment", "comment", "author", "term". */
  kind: string;
  /** The item's id in the source. */
  sourceId: string;
  /** The row it became: an article, a page, a media, a comment, an author or a tag. */
  tribuneId: number;
  /** SHA-256 of the item as last imported: unchanged, it is skipped. */
  contentHash: string;
  /** Its translation group in the source (Polylang), if any. */
  groupKey: string | null;
  /** Its path on the old site ("/2026/01/15/slug/"), for redirects. */
  oldPath: string | null;
  importedAt: string;
}

export type ImportRunStatus = "running" | "finished" | "stopped" | "failed";

/** One run of an import (0027): what it did, for the newsroom and the operator. */
export interface ImportRunTable {
  id: Id;
  source: string;
  file: string;
  dryRun: number;
  status: ImportRunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** JSON: { kind: { imported, updated, skipped, reasons: { reason: count } } }. */
  counts: string;
  /** JSON list of { item, message }. */
  errors: string;
}

/** An embedded post or video as fetched once from its provider (0021), keyed by the body's URL. */
export interface EmbedTable {
  url: string;
  /** The configured provider's name ("youtube"). */
  provider: string;
  title: string | null;
  authorName: string | null;
  /** As the provider names itself ("YouTube"). */
  providerName: string;
  /** The player frame a reader's click loads, on one of the provider's frame hosts. */
  playerUrl: string;
  /** The thumbnail, copied into the media library. */
  thumbnailMediaId: number | null;
  fetchedAt: string;
  fetchedByUserId: number | null;
}

export type EmbedRow = Selectable<EmbedTable>;

/** The site's name and logo as admins set them (0019): one row, id 1; null is the environment's value. */
export interface SiteSettingsTable {
  id: number;
  siteName: string | null;
  logoMediaId: number | null;
  updatedAt: string;
  updatedByUserId: number | null;
}

/** An edition's settings as admins set them (0019); null is the environment's value. */
export interface EditionSettingsTable {
  edition: string;
  displayName: string | null;
  timeZone: string | null;
  /** A JSON list of region tag keys, in order. */
  featuredRegions: string | null;
  /** A JSON list of section and region tag keys, in the header menu's order (0022). */
  menuSections: string | null;
  updatedAt: string;
  updatedByUserId: number | null;
}

/** Which data-directory secret this database was used with (0009), without the secret itself. */
export interface SecretFingerprintTable {
  name: string;
  fingerprint: string;
  recordedAt: string;
}

/** Each tag paired with itself and with every tag above it. */
export interface TagAncestorTable {
  tagId: number;
  ancestorId: number;
}

/** A reader-visible (or scheduled) article under every tag that covers it, for archive pages. */
export interface TagListingTable {
  tagId: number;
  edition: string;
  publishedAt: string;
  articleId: number;
}

/** A slug an article used to have; its old URLs redirect to the current one. */
export interface ArticleSlugHistoryTable {
  edition: string;
  slug: string;
  articleId: number;
  createdAt: string;
}

/** A slug a tag used to have in an edition (renamed, or merged into `tagId`); it redirects (0016). */
export interface TagSlugHistoryTable {
  edition: string;
  slug: string;
  tagId: number;
  createdAt: string;
}

type Id = Generated<number>;

export interface EditionTable {
  code: string;
  locale: string;
  timeZone: string;
  position: number;
}

export interface AuthorTable {
  id: Id;
  slug: string;
  name: string;
  /** The default bio, shown in an edition that has none of its own (author_bios). */
  bio: string | null;
  createdAt: string;
  /** The profile photo, from the media library (0011). */
  photoMediaId: ColumnType<number | null, number | null | undefined, number | null>;
  /** JSON array of { label, url } (0011). */
  links: ColumnType<string, string | undefined, string>;
}

/** An author's bio in one edition's language (0011). */
export interface AuthorBioTable {
  authorId: number;
  edition: string;
  bio: string;
}

/** A story's bylines, in order (0011); every edition's article shows them. */
export interface StoryAuthorTable {
  storyId: number;
  authorId: number;
  position: number;
}

export interface SourceTable {
  id: Id;
  name: string;
  shortName: string | null;
  url: string | null;
}

export interface MediaTable {
  id: Id;
  storageKey: string;
  originalName: string;
  mimeType: string;
  width: number;
  height: number;
  sizeBytes: number;
  credit: string | null;
  createdAt: string;
  /** The newsroom user who uploaded it; null for seeds, imports and pictures older than 0007. */
  uploadedByUserId: number | null;
  /** File name, credit, captions and alts folded for search (mediaSearchText); MediaService keeps it. */
  searchText: string;
  /** When the photo was taken, as its metadata says, without a zone ("2024-05-06T09:30:00"); 0012. */
  takenAt: string | null;
  /** The caption and credit read from the uploaded file's metadata, which prefilled the form; 0012. */
  fileCaption: string | null;
  fileCredit: string | null;
}

export interface MediaTextTable {
  mediaId: number;
  edition: string;
  caption: string | null;
  alt: string | null;
}

export interface MediaVariantTable {
  mediaId: number;
  format: string;
  width: number;
  height: number;
  file: string;
  sizeBytes: number;
}

export type TagKind = "region" | "country" | "section" | "topic";

export interface TagTable {
  id: Id;
  key: string;
  kind: TagKind;
  parentId: number | null;
  createdAt: string;
}

export interface TagNameTable {
  tagId: number;
  edition: string;
  name: string;
  slug: string;
  /** Shown on the edition's tag archive, as plain text (0016); null when none. */
  description: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StoryTable {
  id: Id;
  key: string;
  originalEdition: string;
  heroMediaId: number | null;
  sourceId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoryTagTable {
  storyId: number;
  tagId: number;
  position: number;
}

export interface StoryRelatedTable {
  storyId: number;
  relatedStoryId: number;
  position: number;
}

export type ArticleStatus = "draft" | "review" | "scheduled" | "published" | "unpublished";

export interface ArticleTable {
  id: Id;
  storyId: number;
  edition: string;
  title: string;
  slug: string;
  summary: string | null;
  /** The body document as JSON text; never HTML. */
  body: string;
  status: ArticleStatus;
  authorId: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The revision that holds the text shown now. */
  revisionId: number | null;
  /** For a translation: the original's revision it was made from (null for the original). */
  basedOnRevisionId: number | null;
}

/** An article's heaviest weighted terms, for "more on this" (src/content/article-terms.ts). */
export interface ArticleTermTable {
  articleId: number;
  storyId: number;
  /** "term weight" pairs separated by spaces, heaviest first. */
  terms: string;
  /** The ids of the story's tags, separated by spaces. */
  tagIds: string;
}

export interface ArticleRevisionTable {
  id: Id;
  articleId: number;
  number: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  savedByUserId: number | null;
  createdAt: string;
}

/** An edit to a live article waiting for an editor (see migration 0010); readers still see the article. */
export interface PendingEditTable {
  id: Id;
  articleId: number;
  savedByUserId: number;
  /** The article's revision the edit was made on. */
  baseRevisionId: number | null;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A note between a writer and the editors about an article in the workflow (migration 0017). */
export interface ReviewNoteTable {
  id: Id;
  articleId: number;
  authorUserId: number;
  text: string;
  createdAt: string;
}

/** A dated correction note at the foot of a published article (see migration 0014); append-only. */
export interface ArticleCorrectionTable {
  id: Id;
  articleId: number;
  /** Plain text, as the editor typed it; pages escape it. */
  text: string;
  /** When readers are told the article was corrected. */
  correctedAt: string;
  createdByUserId: number | null;
  createdAt: string;
}

export type PromotionPlacement = "after-article" | "sidebar" | "banner";

export interface PromotionTable {
  id: Id;
  key: string;
  placement: PromotionPlacement;
  headline: string;
  text: string | null;
  cta: string;
  href: string;
  mediaId: number | null;
  startsAt: string | null;
  endsAt: string | null;
  weight: number;
}

export interface PromotionEditionTable {
  promotionId: number;
  edition: string;
}

/** A promotion limited to stories with this tag or a tag below it (0018); none: every story. */
export interface PromotionTagTable {
  promotionId: number;
  tagId: number;
}

export type CommentStatus = "pending" | "approved" | "rejected" | "spam";

export interface CommentTable {
  id: Id;
  articleId: number;
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  /** As the reader typed it; never selected for a page or an answer (lookups use `emailHash`). */
  authorEmail: string;
  /** Plain text with line breaks; escaped and linkified when shown. */
  body: string;
  createdAt: string;
  /** The article's edition (0006 on). */
  edition: ColumnType<string, string | undefined, string>;
  /** The top-level comment of a reply; null for a top-level comment. */
  rootId: number | null;
  /** Keyed hashes (see 0006-comments): the same address again, never the address. */
  emailHash: ColumnType<string, string | undefined, string>;
  ipHash: string | null;
  /** Keyed hash of the folded text, to find the same text posted again. */
  fingerprint: ColumnType<string, string | undefined, string>;
  /** Flags since a moderator last looked. */
  flagsCount: ColumnType<number, number | undefined, number>;
  reviewReason: string | null;
  editedAt: string | null;
  moderatedAt: string | null;
  moderatedByUserId: number | null;
  verifiedReaderId: number | null;
}

/** One reader's flag on a comment; `reporter` is "r:<reader id>" or "ip:<keyed hash>". */
export interface CommentFlagTable {
  commentId: number;
  reporter: string;
  reason: string;
  createdAt: string;
}

export type CommentBanKind = "email" | "ip";

export interface CommentBanTable {
  id: Id;
  kind: CommentBanKind;
  valueHash: string;
  reason: string;
  createdByUserId: number | null;
  createdAt: string;
  expiresAt: string | null;
}

/** An edition's comment policy, when it differs from the configured default. */
export interface CommentPolicyTable {
  edition: string;
  policy: string;
  closeAfterDays: number | null;
  updatedAt: string;
  updatedByUserId: number | null;
}

export interface CommentClosedArticleTable {
  articleId: number;
  closedAt: string;
  closedByUserId: number | null;
}

/** A reader who proved an e-mail address by following a link sent to it. */
export interface VerifiedReaderTable {
  id: Id;
  email: string;
  emailHash: string;
  displayName: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

/** An e-mailed sign-in link, by the SHA-256 of its token. */
export interface ReaderLoginTokenTable {
  tokenHash: string;
  email: string;
  emailHash: string;
  edition: string;
  returnPath: string;
  ipHash: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type RevisionRow = Selectable<ArticleRevisionTable>;
export type StoryRow = Selectable<StoryTable>;
export type TagRow = Selectable<TagTable>;
export type SourceRow = Selectable<SourceTable>;
export type MediaRow = Selectable<MediaTable>;
export type PromotionRow = Selectable<PromotionTable>;
export type Count = ColumnType<number | string | bigint>;

export type Role = "contributor" | "translator" | "editor" | "admin";

/** A newsroom account; emails are stored lowercased. */
export interface UserTable {
  id: Id;
  email: string;
  name: string;
  role: Role;
  /** argon2id, in the PHC string format ("$argon2id$v=19$..."). */
  passwordHash: string;
  /** 1 while the password is a one-time one that must be changed at the next sign-in. */
  mustChangePassword: number;
  createdAt: string;
  disabledAt: string | null;
  /** The author profile this user writes as (0011). */
  authorId: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The editions a translator may translate into. */
export interface UserEditionTable {
  userId: number;
  edition: string;
}

/** A signed-in browser; `id` is the SHA-256 (hex) of the cookie token, never the token itself. */
export interface SessionTable {
  id: string;
  userId: number;
  createdAt: string;
  /** The absolute end, however active the session is. */
  expiresAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface InviteTable {
  /** SHA-256 (hex) of the token in the invitation link. */
  tokenHash: string;
  email: string;
  role: Role;
  /** JSON array of edition codes. */
  editions: string;
  createdBy: number | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  /** The author profile to create for the invitee on acceptance, by name; null for none (0011). */
  authorName: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditLogTable {
  id: Id;
  at: string;
  actorUserId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** JSON object. */
  details: string;
  ip: string | null;
}

/** A failed (or still running) sign-in attempt, counted against an account and an address. */
export interface SignInFailureTable {
  /** "email:<address>" or "ip:<address>". */
  key: string;
  at: string;
  attemptId: string;
}

/** A one-time link to choose a new password (0013). */
export interface PasswordResetTable {
  /** SHA-256 (hex) of the token in the e-mailed link; never the token. */
  tokenHash: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  requestedIp: string | null;
}

/** A "forgot password" request, counted against the address typed and the client's address. */
export interface PasswordResetRequestTable {
  /** "email:<address>" or "ip:<address>". */
  key: string;
  at: string;
  requestId: string;
}

/** A personal access token for the admin API (0023): acts as its user, with the user's role. */
export interface AccessTokenTable {
  id: Id;
  userId: number;
  name: string;
  /** SHA-256 (hex) of the token; never the token. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export type AccessTokenRow = Selectable<AccessTokenTable>;

export type UserRow = Selectable<UserTable>;

/** The outbox of announced content changes, read by every serving process (see cluster-relay.ts). */
/** Work done by one process at a time across instances (src/db/lease.ts). */
export interface LeaseTable {
  name: string;
  /** The process holding it. */
  holder: string;
  acquiredAt: string;
  /** Past this, any process may take it over. */
  expiresAt: string;
  /** The holder's checkpoint, for whoever takes over. */
  state: string | null;
}

export interface ContentChangeTable {
  id: Id;
  createdAt: string;
  /** The process that wrote it. */
  origin: string;
  /** The ContentChange, as JSON. */
  change: string;
}

/** A story pinned to an edition's front page (0015): position 1 is the lead, 2..N the top slots. */
export interface FrontPageSlotTable {
  edition: string;
  position: number;
  storyId: number;
  /** Until when it stays pinned; null: until an editor unpins it. */
  pinnedUntil: string | null;
  pinnedByUserId: number | null;
  pinnedAt: string;
}

/** The place of a section or region block on an edition's front page (0015); absent: default order. */
export interface FrontPageBlockTable {
  edition: string;
  tagId: number;
  position: number;
}

/** The translations of one page (0020), as a story groups its articles. */
export interface PageGroupTable {
  id: Id;
  originalEdition: string;
  createdAt: string;
}

export type PageStatus = "draft" | "published";

/** A simple page in one edition (0020): about, contact, privacy…, at `/{edition}/{slug}`. */
export interface PageTable {
  id: Id;
  groupId: number;
  edition: string;
  slug: string;
  title: string;
  /** The body document as JSON text, as articles store theirs; never HTML. */
  body: string;
  /** Null: the body's first text describes the page. */
  metaDescription: string | null;
  status: PageStatus;
  /** 1 when the edition's footer lists the page (an integer in both databases). */
  inFooter: number;
  /** The footer's order, smallest first. */
  footerPosition: number;
  createdByUserId: number | null;
  createdAt: string;
  updatedAt: string;
  /** When it was first published; null while it never was. */
  publishedAt: string | null;
}

export type PageRow = Selectable<PageTable>;

/** A webhook an admin registered (0024): where to POST which events, signed with its secret. */
export interface WebhookTable {
  id: Id;
  url: string;
  /** The events it wants, as a JSON list ("article.published"…). */
  events: string;
  /** The HMAC-SHA256 key deliveries are signed with. */
  secret: string;
  /** 1 when deliveries are made; 0 keeps the hook without sending (events still queue nothing). */
  active: number;
  createdAt: string;
  createdByUserId: number | null;
  updatedAt: string;
}

export type WebhookRow = Selectable<WebhookTable>;

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event for one hook (0024): the outbox row, then its line in the delivery log. */
export interface WebhookDeliveryTable {
  id: Id;
  webhookId: number;
  deliveryId: string;
  event: string;
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;

/** A content API key (0025), stored as its hash. */
export interface ContentKeyTable {
  id: Id;
  name: string;
  keyHash: string;
  createdAt: string;
  createdByUserId: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type ContentKeyRow = Selectable<ContentKeyTable>;

/** Views of one article in one UTC hour from one kind of referrer (migration 0031). */
export interface AudienceViewTable {
  /** The hour's start, UTC: `2026-12-07T14:00:00Z`. */
  hour: string;
  articleId: number;
  edition: string;
  /** search, social, direct, internal, newsletter or other: the kind only, never the address. */
  referrerKind: string;
  views: number;
}

/** One promotion's impressions and clicks in one edition and UTC hour (migration 0031). */
export interface PromotionCountTable {
  hour: string;
  promotionId: number;
  edition: string;
  impressions: number;
  clicks: number;
}

/** An edition's "most read" list as last computed (migration 0037); see src/audience/most-read.ts. */
export interface MostReadTable {
  edition: string;
  /** The articles' ids in order, as a JSON array. */
  articleIds: string;
  refreshedAt: string;
}

/** A story covered live (src/live): on from `startedAt`; `endedAt` set when the coverage ended. */
export interface LiveCoverageTable {
  storyId: number;
  startedAt: string;
  endedAt: string | null;
}

/** One update of a live article: its edition's own. */
export interface LiveUpdateTable {
  id: Id;
  articleId: number;
  /** A BodyDocument as JSON. */
  body: string;
  pinned: ColumnType<number, number | undefined, number>;
  keyEvent: ColumnType<number, number | undefined, number>;
  createdAt: string;
  updatedAt: string;
  authorUserId: number | null;
}

export type LiveUpdateRow = Selectable<LiveUpdateTable>;

export type LiveEventKind = "posted" | "edited" | "deleted";

/** Every post, edit and deletion of a live article's updates, by a growing id (the streams' ids). */
export interface LiveEventTable {
  id: Id;
  articleId: number;
  updateId: number;
  kind: LiveEventKind;
  createdAt: string;
}
