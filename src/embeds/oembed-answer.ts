import type { EmbedProvider } from "./embed-providers.ts";
import { FetchRefusedError } from "./guarded-fetch.ts";

/** What Tribune keeps of a provider's oEmbed answer: texts, the player's URL and where the thumbnail is. */
export interface OEmbedFacts {
  title: string | null;
  authorName: string | null;
  providerName: string;
  playerUrl: string;
  /** An http(s) URL to fetch once, into the media library; null when the answer names none. */
  thumbnailUrl: string | null;
}

const MAX_TEXT = 300;
const IFRAME_SRC = /<iframe\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/**
 * Reads an oEmbed answer for `postUrl` of `provider`. The answer is a stranger's text: it must be a
 * JSON object; its texts are kept as plain text (cut, control characters removed); its `html` is
 * never kept, only the iframe `src` found in it, and only when that is on a host the provider's
 * rule accepts. Throws FetchRefusedError saying what is wrong.
 */
export function readOEmbedAnswer(
  provider: EmbedProvider,
  postUrl: string,
  contentType: string,
  body: Buffer,
): OEmbedFacts {
  if (!/^(application\/(json|[\w.+-]+\+json)|text\/(json|javascript|plain))\b/i.test(contentType.trim())) {
    throw new FetchRefusedError(`it answered ${contentType.split(";")[0] || "no content type"}, not JSON`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString("utf8"));
  } catch {
    throw new FetchRefusedError("its answer is not JSON");
  }
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
    throw new FetchRefusedError("its answer is not an oEmbed object");
  }
  const fields = answer as Record<string, unknown>;
  return {
    title: plainText(fields.title),
    authorName: plainText(fields.author_name),
    providerName: plainText(fields.provider_name) ?? provider.label,
    playerUrl: playerUrlOf(provider, postUrl, fields.html),
    thumbnailUrl: webUrl(fields.thumbnail_url),
  };
}

function playerUrlOf(provider: EmbedProvider, postUrl: string, html: unknown): string {
  const rule = provider.player;
  if (rule.kind === "post") {
    const frame = rule.frameUrl(new URL(postUrl));
    if (frame === null)
      throw new FetchRefusedError(`the address is not a ${provider.label} post we can show`);
    return frame;
  }
  const match = typeof html === "string" ? IFRAME_SRC.exec(html) : null;
  const src = match ? decodeAttribute(match[1] ?? match[2] ?? "") : "";
  const player = webUrl(src.startsWith("//") ? `https:${src}` : src);
  if (player === null) throw new FetchRefusedError("its answer names no player");
  const url = new URL(player);
  if (!rule.acceptedHosts.includes(url.hostname) || url.username || url.password || url.port) {
    throw new FetchRefusedError(`its player is on ${url.hostname}, not a ${provider.label} player host`);
  }
  url.protocol = "https:";
  if (rule.rewriteHost) url.hostname = rule.rewriteHost;
  for (const [name, value] of Object.entries(rule.addParams ?? {})) url.searchParams.set(name, value);
  if (!provider.frameHosts.includes(url.hostname)) {
    throw new FetchRefusedError(`its player is on ${url.hostname}, not a ${provider.label} player host`);
  }
  return url.href;
}

/** The few entities an attribute value in oEmbed HTML carries. */
function decodeAttribute(value: string): string {
  return value
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
}

function plainText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean === "" ? null : clean.slice(0, MAX_TEXT);
}

function webUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2048 || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
}
