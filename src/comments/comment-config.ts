import { ConfigError } from "../shared/errors.ts";

/** How an edition takes new comments. */
export const COMMENT_POLICIES = ["open", "premoderate-first", "premoderate-all", "closed"] as const;
export type CommentPolicyName = (typeof COMMENT_POLICIES)[number];

export interface CommentConfig {
  /** Each edition's policy until the newsroom sets another. */
  defaultPolicies: Readonly<Record<string, CommentPolicyName>>;
  /** Threads close this many days after publication; null: never by age. */
  closeAfterDays: number | null;
  /** Longest comment, in characters. */
  maxLength: number;
  /** Most links one comment may carry. */
  maxLinks: number;
  /** Flags that send a published comment back to review. */
  flagThreshold: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * COMMENT_* variables into a CommentConfig; each bad value throws a ConfigError naming the variable
 * and what it accepts. The SMTP server that verified readers need is the site's (src/mail/).
 */
export function parseCommentConfig(env: Env, editionCodes: readonly string[]): CommentConfig {
  const fallback = policy(env, "COMMENT_POLICY", "premoderate-first");
  const defaultPolicies = Object.fromEntries(
    editionCodes.map((code) => [code, policy(env, `COMMENT_POLICY_${code.toUpperCase()}`, fallback)]),
  );
  const closeAfter = env.COMMENT_CLOSE_AFTER_DAYS?.trim();
  return {
    defaultPolicies,
    closeAfterDays: closeAfter ? whole("COMMENT_CLOSE_AFTER_DAYS", closeAfter, 1, 36_500) : null,
    maxLength: whole("COMMENT_MAX_LENGTH", env.COMMENT_MAX_LENGTH?.trim() || "3000", 100, 20_000),
    maxLinks: whole("COMMENT_MAX_LINKS", env.COMMENT_MAX_LINKS?.trim() || "2", 0, 50),
    flagThreshold: whole("COMMENT_FLAG_THRESHOLD", env.COMMENT_FLAG_THRESHOLD?.trim() || "3", 1, 1000),
  };
}

function policy(env: Env, variable: string, fallback: CommentPolicyName): CommentPolicyName {
  const value = env[variable]?.trim() || fallback;
  if (!(COMMENT_POLICIES as readonly string[]).includes(value)) {
    throw new ConfigError(variable, `"${value}" is not one of ${COMMENT_POLICIES.join(", ")}`);
  }
  return value as CommentPolicyName;
}

function whole(variable: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(variable, `"${value}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}
