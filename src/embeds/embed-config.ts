import { ConfigError } from "../shared/errors.ts";
import { DEFAULT_PROVIDERS, type EmbedProvider } from "./embed-providers.ts";

export interface EmbedConfig {
  /** The providers on the allow-list; a URL of any other site stays a plain link card. */
  providers: readonly EmbedProvider[];
  /** How long one oEmbed or thumbnail request may take, in milliseconds. */
  timeoutMs: number;
  /** Largest oEmbed answer read, in bytes. */
  maxJsonBytes: number;
  /** Largest thumbnail read, in bytes. */
  maxThumbnailBytes: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * OEMBED_* variables into an EmbedConfig:
 * - `OEMBED_PROVIDERS`: the providers allowed, by name (default: all of youtube, vimeo, x, instagram,
 *   soundcloud, facebook); `none` allows none.
 * - `OEMBED_<NAME>_ENDPOINT`: another oEmbed endpoint for that provider (a proxy, or a test's server).
 * - `OEMBED_<NAME>_TOKEN`: an access token sent with its requests (Meta's endpoints need one).
 * - `OEMBED_TIMEOUT_MS` (5000), `OEMBED_MAX_KB` (64), `OEMBED_THUMBNAIL_MAX_MB` (5).
 */
export function parseEmbedConfig(env: Env): EmbedConfig {
  const known = DEFAULT_PROVIDERS.map((provider) => provider.name);
  const listed = (env.OEMBED_PROVIDERS?.trim() || known.join(","))
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const names = listed.length === 1 && listed[0] === "none" ? [] : listed;
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new ConfigError(
      "OEMBED_PROVIDERS",
      `"${unknown}" is not a provider we know; list some of ${known.join(", ")}, or none`,
    );
  }
  const providers = DEFAULT_PROVIDERS.filter((provider) => names.includes(provider.name)).map((provider) =>
    withEnvironment(env, provider),
  );
  return {
    providers,
    timeoutMs: whole(env, "OEMBED_TIMEOUT_MS", 5000, 100, 60_000),
    maxJsonBytes: whole(env, "OEMBED_MAX_KB", 64, 1, 1024) * 1024,
    maxThumbnailBytes: whole(env, "OEMBED_THUMBNAIL_MAX_MB", 5, 1, 50) * 1024 * 1024,
  };
}

function withEnvironment(env: Env, provider: EmbedProvider): EmbedProvider {
  const prefix = `OEMBED_${provider.name.toUpperCase()}`;
  const variable = `${prefix}_ENDPOINT`;
  const given = env[variable]?.trim();
  let endpoint = provider.endpoint;
  if (given) {
    if (!URL.canParse(given) || !/^https?:$/.test(new URL(given).protocol) || new URL(given).hash) {
      throw new ConfigError(variable, `"${given}" is not an http(s) URL such as ${provider.endpoint}`);
    }
    endpoint = given;
  }
  const token = env[`${prefix}_TOKEN`]?.trim();
  if (token) {
    const url = new URL(endpoint);
    url.searchParams.set("access_token", token);
    endpoint = url.href;
  }
  return { ...provider, endpoint };
}

function whole(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const value = env[variable]?.trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(variable, `"${value}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}
