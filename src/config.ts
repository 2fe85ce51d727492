import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CommentConfig, parseCommentConfig } from "./comments/comment-config.ts";
import { type Db, isSupportedDatabaseUrl } from "./db/database.ts";
import { checkSecretFingerprint, type GuardedSecret } from "./db/secret-fingerprints.ts";
import { BUILT_IN_EDITIONS, type Edition } from "./editions/edition.ts";
import { type EmbedConfig, parseEmbedConfig } from "./embeds/embed-config.ts";
import { type MailConfig, parseMailConfig } from "./mail/mail-config.ts";
import { type MediaStoreConfig, parseMediaStoreConfig } from "./media/media-store-config.ts";
import { ConfigError } from "./shared/errors.ts";
import { hasCatalogue, supportedUiLanguages } from "./shared/i18n/messages.ts";
import { keyedDigest, sameSecretText } from "./shared/signing.ts";
import { canonicalTimeZone } from "./shared/time-zone.ts";

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  /** The media folder (MEDIA_DIR): where media lives unless MEDIA_STORE names another store. */
  mediaDir: string;
  /** Where media files live (MEDIA_STORE): the folder, or an S3-compatible bucket (S3_*). */
  mediaStore: MediaStoreConfig;
  /** Largest image the newsroom accepts, in MB (MEDIA_MAX_MB); refused while it streams in. */
  mediaMaxMb: number;
  /** Absolute base URL of the main host, without a trailing slash. */
  publicUrl: string;
  editions: Edition[];
  defaultEdition: Edition;
  logLevel: string;
  /** The publication's name, shown in the header and titles. */
  siteName: string;
  /**
   * Which peers may tell us the client's address and scheme (X-Forwarded-*): "none" (the default),
   * "loopback" (a cache or proxy on this machine), or addresses/CIDRs. Not trusted by default: a
   * client that may name its own address resets every per-address limit and ban by changing it.
   */
  trustProxy: string;
  /** What feeds carry of each article: the whole body, or its summary only. */
  feedContent: "full" | "summary";
  /** Page cache size in MB (PAGE_CACHE_MB) of each serving process (worker); 0 disables it. */
  pageCacheMb: number;
  /** Seconds an expired cached page may be served while one fresh copy is made. */
  pageCacheStaleSeconds: number;
  /** Live pages' event streams one serving process (worker) holds open at most (LIVE_MAX_STREAMS); more get 503. */
  liveMaxStreams: number;
  /** Seconds between the heartbeat comments of each event stream (LIVE_HEARTBEAT_SECONDS). */
  liveHeartbeatSeconds: number;
  /**
   * How long the process running scheduled work holds it without renewing: after its death,
   * another instance takes over within this time.
   */
  scheduleLeaseSeconds: number;
  /** Varnish instances to send surrogate-key purges to (VARNISH_URLS), as origins. */
  varnishUrls: string[];
  /** Reader comments: policies and limits. */
  comments: CommentConfig;
  /** The site's SMTP server (SMTP_URL, SMTP_FROM): readers' sign-in links, newsroom password resets. */
  mail: MailConfig;
  /** Embedded posts and videos: the providers allowed (OEMBED_PROVIDERS), their endpoints, limits. */
  embeds: EmbedConfig;
  /** The API under /api: who may call it from a browser, and what it asks of callers. */
  api: ApiConfig;
  /** Webhooks admins register (/newsroom/webhooks). */
  webhooks: WebhookConfig;
  /** Agency feeds editors configure (/newsroom/feeds). */
  feeds: FeedConfig;
  /**
   * The key every secret is derived from (SECRET_KEY or SECRET_KEY_FILE), shared by all instances of
   * a site; null: each secret is generated once into the data directory (one machine).
   */
  secretKey: string | null;
  /** Operating the server: shutdown, metrics. */
  operations: OperationsConfig;
}

export interface OperationsConfig {
  /** How long SIGTERM waits for requests and jobs in progress before exiting anyway (SHUTDOWN_TIMEOUT_SECONDS). */
  shutdownTimeoutMs: number;
  /** Port of the Prometheus metrics listener on HOST (METRICS_PORT); null: no metrics served. */
  metricsPort: number | null;
}

export interface ApiConfig {
  /** Origins whose pages may call the API from a browser (API_CORS_ORIGINS), as origins. */
  corsOrigins: string[];
  /** The content API answers only requests with a key made in the newsroom (API_REQUIRE_CONTENT_KEY). */
  requireContentKey: boolean;
  /** Requests a content key may make per minute, per process (API_KEY_RATE_PER_MINUTE). */
  keyRatePerMinute: number;
}

export interface WebhookConfig {
  /** Webhooks may target loopback, private and link-local addresses (WEBHOOKS_ALLOW_PRIVATE; tests). */
  allowPrivate: boolean;
}

export interface FeedConfig {
  /** Feeds (and their photos) may be at loopback, private and link-local addresses (FEEDS_ALLOW_PRIVATE; tests). */
  allowPrivate: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the environment into a complete, validated configuration. Every bad value throws a
 * ConfigError whose message is one line naming the variable and what it accepts.
 */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "production", "test"], "development");
  const port = integer(env, "PORT", 3000, 0, 65_535);
  const host = text(env, "HOST", "127.0.0.1");
  const dataDir = resolve(text(env, "DATA_DIR", "./data"));
  const databaseUrl = text(env, "DATABASE_URL", `sqlite:${join(dataDir, "tribune.db")}`);
  if (!isSupportedDatabaseUrl(databaseUrl)) {
    throw new ConfigError(
      "DATABASE_URL",
      `"${databaseUrl}" is not supported; use sqlite:<file>, sqlite::memory: or postgres://user@host:port/database`,
    );
  }
  const mediaDir = resolve(text(env, "MEDIA_DIR", join(dataDir, "media")));
  const mediaStore = parseMediaStoreConfig(env);
  const mediaMaxMb = integer(env, "MEDIA_MAX_MB", 20, 1, 1024);
  const publicUrl = absoluteUrl(
    env,
    "PUBLIC_URL",
    `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
  );
  const editions = parseEditions(env);
  const defaultCode = text(env, "DEFAULT_EDITION", editions[0]?.code ?? "en");
  const defaultEdition = editions.find((e) => e.code === defaultCode);
  if (!defaultEdition) {
    throw new ConfigError(
      "DEFAULT_EDITION",
      `"${defaultCode}" is not one of EDITIONS (${editions.map((e) => e.code).join(", ")})`,
    );
  }
  const logLevel = oneOf(
    env,
    "LOG_LEVEL",
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
    "info",
  );
  const siteName = text(env, "SITE_NAME", "Tribune");
  const trustProxy = text(env, "TRUST_PROXY", "none");
  if (!/^[0-9a-f.:/,\sA-Za-z]+$/.test(trustProxy)) {
    throw new ConfigError(
      "TRUST_PROXY",
      `"${trustProxy}" is not "loopback", "none" or a list of proxy addresses/CIDRs`,
    );
  }
  const feedContent = oneOf(env, "FEED_CONTENT", ["full", "summary"], "full");
  const pageCacheMb = integer(env, "PAGE_CACHE_MB", 64, 0, 65_536);
  const pageCacheStaleSeconds = integer(env, "PAGE_CACHE_STALE_SECONDS", 30, 0, 86_400);
  const liveMaxStreams = integer(env, "LIVE_MAX_STREAMS", 5_000, 0, 1_000_000);
  const liveHeartbeatSeconds = integer(env, "LIVE_HEARTBEAT_SECONDS", 20, 1, 300);
  const scheduleLeaseSeconds = integer(env, "SCHEDULE_LEASE_SECONDS", 15, 1, 3_600);
  const varnishUrls = urlList(env, "VARNISH_URLS");
  const comments = parseCommentConfig(
    env,
    editions.map((e) => e.code),
  );
  const mail = parseMailConfig(env, new URL(publicUrl).hostname);
  const embeds = parseEmbedConfig(env);
  const api: ApiConfig = {
    corsOrigins: urlList(env, "API_CORS_ORIGINS"),
    requireContentKey: oneOf(env, "API_REQUIRE_CONTENT_KEY", ["true", "false"], "false") === "true",
    keyRatePerMinute: integer(env, "API_KEY_RATE_PER_MINUTE", 60, 1, 1_000_000),
  };
  const webhooks: WebhookConfig = {
    allowPrivate: oneOf(env, "WEBHOOKS_ALLOW_PRIVATE", ["true", "false"], "false") === "true",
  };
  const feeds: FeedConfig = {
    allowPrivate: oneOf(env, "FEEDS_ALLOW_PRIVATE", ["true", "false"], "false") === "true",
  };
  const secretKey = parseSecretKey(env);
  const metricsPort = integer(env, "METRICS_PORT", 0, 0, 65_535);
  const operations: OperationsConfig = {
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_SECONDS", 25, 1, 3_600) * 1000,
    metricsPort: env.METRICS_PORT?.trim() ? metricsPort : null,
  };
  return {
    env: nodeEnv,
    port,
    host,
    databaseUrl,
    dataDir,
    mediaDir,
    mediaStore,
    mediaMaxMb,
    publicUrl,
    editions,
    defaultEdition,
    logLevel,
    siteName,
    trustProxy,
    feedContent,
    pageCacheMb,
    pageCacheStaleSeconds,
    liveMaxStreams,
    liveHeartbeatSeconds,
    scheduleLeaseSeconds,
    varnishUrls,
    comments,
    mail,
    embeds,
    api,
    webhooks,
    feeds,
    secretKey,
    operations,
  };
}

/** Shortest SECRET_KEY accepted: 32 characters, e.g. `openssl rand -base64 32` (44). */
const MIN_SECRET_KEY_LENGTH = 32;

/** SECRET_KEY, or the content of the file SECRET_KEY_FILE names (a mounted secret); never both. */
function parseSecretKey(env: Env): string | null {
  const inline = env.SECRET_KEY?.trim();
  const file = env.SECRET_KEY_FILE?.trim();
  if (inline && file) {
    throw new ConfigError(
      "SECRET_KEY",
      "and SECRET_KEY_FILE are both set; set only one of them (SECRET_KEY_FILE names a file holding the key)",
    );
  }
  let key = inline;
  if (file) {
    try {
      key = readFileSync(file, "utf8").trim();
    } catch (error) {
      throw new ConfigError("SECRET_KEY_FILE", `cannot read "${file}" (${(error as Error).message})`);
    }
  }
  if (!key) return null;
  if (key.length < MIN_SECRET_KEY_LENGTH) {
    throw new ConfigError(
      file ? "SECRET_KEY_FILE" : "SECRET_KEY",
      `the key is ${key.length} characters long; use at least ${MIN_SECRET_KEY_LENGTH} random ones, e.g. from "openssl rand -base64 32"`,
    );
  }
  return key;
}

function parseEditions(env: Env): Edition[] {
  const codes = text(env, "EDITIONS", "en,pt,es")
    .split(",")
    .map((code) => code.trim())
    .filter(Boolean);
  if (codes.length === 0) throw new ConfigError("EDITIONS", "list at least one language code, e.g. en,pt,es");
  const seen = new Set<string>();
  const editions = codes.map((code) => {
    if (!/^[a-z]{2,3}$/.test(code)) {
      throw new ConfigError(
        "EDITIONS",
        `"${code}" is not a language code; use two or three lowercase letters, e.g. en,pt,es`,
      );
    }
    if (seen.has(code)) throw new ConfigError("EDITIONS", `"${code}" is listed twice`);
    seen.add(code);
    if (!hasCatalogue(code)) {
      throw new ConfigError(
        "EDITIONS",
        `"${code}" has no interface translation yet; languages with one: ${supportedUiLanguages().join(", ")}`,
      );
    }
    return parseEdition(env, code);
  });
  const hosts = editions.map((e) => e.host).filter((h): h is string => h !== null);
  const duplicateHost = hosts.find((h, i) => hosts.indexOf(h) !== i);
  if (duplicateHost) throw new ConfigError("EDITION_*_HOST", `"${duplicateHost}" is given to two editions`);
  const prefixes = editions.filter((e) => e.host === null).map((e) => e.prefix);
  const duplicatePrefix = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (duplicatePrefix !== undefined) {
    throw new ConfigError(
      "EDITION_*_PREFIX",
      `"${duplicatePrefix || "/"}" is given to two editions on the main host`,
    );
  }
  return editions;
}

function parseEdition(env: Env, code: string): Edition {
  const name = (suffix: string) => `EDITION_${code.toUpperCase()}_${suffix}`;
  const builtIn = BUILT_IN_EDITIONS[code];
  const locale = text(env, name("LOCALE"), builtIn?.locale ?? code);
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    throw new ConfigError(name("LOCALE"), `"${locale}" is not a BCP 47 locale such as pt-BR`);
  }
  const timeZone = text(env, name("TIME_ZONE"), builtIn?.timeZone ?? "UTC");
  if (canonicalTimeZone(timeZone) === undefined) {
    throw new ConfigError(name("TIME_ZONE"), `"${timeZone}" is not an IANA time zone such as Europe/Lisbon`);
  }
  const hostValue = env[name("HOST")]?.trim();
  const host = hostValue ? hostValue.toLowerCase() : null;
  if (host !== null && !/^[a-z0-9.-]+(:\d+)?$/.test(host)) {
    throw new ConfigError(name("HOST"), `"${hostValue}" is not a host name such as pt.example.org`);
  }
  const prefix = text(env, name("PREFIX"), host ? "" : `/${code}`);
  if (prefix !== "" && !/^(\/[a-z0-9-]+)+$/.test(prefix)) {
    throw new ConfigError(name("PREFIX"), `"${prefix}" must be empty or a path such as /${code}`);
  }
  if (prefix === "" && host === null) {
    throw new ConfigError(
      name("PREFIX"),
      `an edition without its own ${name("HOST")} needs a prefix such as /${code}`,
    );
  }
  const featuredRegions = text(env, name("FEATURED_REGIONS"), "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  const badKey = featuredRegions.find((key) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key));
  if (badKey !== undefined) {
    throw new ConfigError(
      name("FEATURED_REGIONS"),
      `"${badKey}" is not a tag key; list region keys such as middle-east,africa`,
    );
  }
  return { code, locale, timeZone, prefix, host, featuredRegions, menuSections: [], displayName: null };
}

function text(env: Env, variable: string, fallback: string): string {
  const value = env[variable]?.trim();
  return value ? value : fallback;
}

function oneOf<T extends string>(env: Env, variable: string, allowed: readonly T[], fallback: T): T {
  const value = text(env, variable, fallback);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(variable, `"${value}" is not one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function integer(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const value = env[variable]?.trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(variable, `"${value}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** A comma-separated list of http(s) origins, such as `http://10.0.0.5:6081,http://10.0.0.6:6081`. */
function urlList(env: Env, variable: string): string[] {
  return text(env, variable, "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      let url: URL;
      try {
        url = new URL(item);
      } catch {
        throw new ConfigError(variable, `"${item}" is not a URL; list origins such as http://127.0.0.1:6081`);
      }
      if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search) {
        throw new ConfigError(variable, `"${item}" must be an http(s) origin such as http://127.0.0.1:6081`);
      }
      return url.origin;
    });
}

function absoluteUrl(env: Env, variable: string, fallback: string): string {
  const value = text(env, variable, fallback);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `"${value}" is not an absolute URL such as https://news.example.org`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(variable, `"${value}" must start with http:// or https://`);
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new ConfigError(
      variable,
      `"${value}" must be an origin only, without a path, such as https://news.example.org`,
    );
  }
  return url.origin;
}

type SecretSource = Pick<Config, "dataDir"> & Partial<Pick<Config, "secretKey">>;

/**
 * Returns the secret named `name`: derived from SECRET_KEY when one is configured (every instance of
 * the site derives the same), else generated into the data directory the first time, so that a bare
 * `tribune serve` is safe without configuration and keeps its secrets across restarts.
 */
export function persistentSecret(config: SecretSource, name: string): string {
  if (config.secretKey) {
    const derived = derivedSecret(config.secretKey, name);
    refuseGeneratedSecrets(config.dataDir, config.secretKey);
    return derived;
  }
  const file = secretFile(config, name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return readFileSync(file, "utf8").trim();
    }
  }
}

/** Where a generated secret is kept, or with SECRET_KEY the variable it comes from (for messages). */
export function secretOrigin(config: SecretSource, name: string): string {
  return config.secretKey ? `The "${name}" secret derived from SECRET_KEY` : secretFile(config, name);
}

function secretFile(config: Pick<Config, "dataDir">, name: string): string {
  return join(config.dataDir, `${name}.secret`);
}

/** One secret per purpose, so that no value signed for one purpose verifies for another. */
function derivedSecret(key: string, name: string): string {
  return keyedDigest(key, `tribune secret v1:${name}`).toString("base64url");
}

/**
 * With SECRET_KEY, the data directory may hold no generated secret that differs from the key's: the
 * data made with it (comment bans, sessions) would silently stop matching, and two sources of
 * secrets on one site is how instances come to disagree.
 */
function refuseGeneratedSecrets(dataDir: string, key: string): void {
  if (!existsSync(dataDir)) return;
  const conflicting = readdirSync(dataDir)
    .filter((file) => file.endsWith(".secret"))
    .filter((file) => {
      const stored = readFileSync(join(dataDir, file), "utf8").trim();
      return !sameSecretText(derivedSecret(key, file.slice(0, -".secret".length)), stored);
    });
  if (conflicting.length === 0) return;
  throw new ConfigError(
    "SECRET_KEY",
    `is set, but ${dataDir} also holds generated secrets (${conflicting.join(", ")}) that differ from it; use one or the other. To keep the generated ones (one machine), unset SECRET_KEY and SECRET_KEY_FILE. To move to SECRET_KEY (several instances), back those files up and move them out of ${dataDir}, then run "tribune secrets reset comments" once (comment bans and rate limits made with the old secret are lost; newsroom users sign in again).`,
  );
}

/** The secret `name`, once it is known to be the one the database was used with. */
export async function guardedSecret(db: Db, config: SecretSource, name: GuardedSecret): Promise<string> {
  const secret = persistentSecret(config, name);
  await checkSecretFingerprint(db, name, secret, secretOrigin(config, name));
  return secret;
}
