const BASE = "http://newsroom.invalid";

/**
 * Where to go after signing in: `value` when it is a path inside the newsroom on this site, else
 * undefined. Absolute URLs, protocol-relative ones (`//evil.example`), backslashes, control
 * characters and paths that leave /newsroom once resolved (`/newsroom/../x`) are all refused, so the
 * `next` parameter cannot be used to send a user to another site.
 */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return undefined;
  // Browsers read "\" as "/", and tabs or newlines are dropped from URLs: refuse both outright.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\p{Cc}\s]/u.test(value)) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  if (url.pathname !== "/newsroom" && !url.pathname.startsWith("/newsroom/")) return undefined;
  if (url.pathname.startsWith("//")) return undefined;
  return `${url.pathname}${url.search}`;
}
