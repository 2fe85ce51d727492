/** Longest URL a body may carry in a link or an embed. */
export const MAX_URL_LENGTH = 2048;

// Browsers strip control characters and edge spaces before reading a scheme ("java\tscript:" runs as
// javascript:), and read "\" as "/" ("/\evil.example" leaves the site), so such URLs are refused outright
// rather than cleaned: what is stored is exactly what the browser will see.
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const WEB_URL = /^https?:\/\//i;

function isPlain(url: string): boolean {
  if (url.length === 0 || url.length > MAX_URL_LENGTH || url.trim() !== url) return false;
  for (let index = 0; index < url.length; index += 1) {
    const code = url.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return false;
  }
  return true;
}

function isWebUrl(url: string): boolean {
  if (!WEB_URL.test(url) || !URL.canParse(url)) return false;
  return new URL(url).hostname !== "";
}

/** Whether a link may point there: http, https, mailto, or a path on this site ("/…", not "//…"). */
export function isAllowedLinkHref(href: string): boolean {
  if (!isPlain(href)) return false;
  if (href.startsWith("/")) return !href.startsWith("//");
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme === "mailto") return URL.canParse(href);
  return isWebUrl(href);
}

/** Whether an embed may point there: an absolute http or https URL with a host. */
export function isAllowedEmbedUrl(url: string): boolean {
  return isPlain(url) && isWebUrl(url);
}

/** Links that leave the site; they get rel="noopener". */
export function isExternalHref(href: string): boolean {
  return WEB_URL.test(href);
}

/** The host shown on an embed card, or null when the URL is not one an embed may use. */
export function embedHostname(url: string): string | null {
  return isAllowedEmbedUrl(url) ? new URL(url).hostname : null;
}
