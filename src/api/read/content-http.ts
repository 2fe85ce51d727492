import type { FastifyReply, FastifyRequest } from "fastify";
import { setSurrogateKeys } from "../../cache/surrogate-keys.ts";
import { ValidationError } from "../../shared/errors.ts";
import { isCalendarDate, zonedRange } from "../../shared/time-zone.ts";
import { PAGE_CACHE_CONTROL } from "../../site/site-pages.tsx";

/**
 * A published answer: kept by browsers and caches as the reader pages are (the page cache and
 * Varnish hold it by its surrogate keys until a change purges them; conditional-get.ts gives it
 * an ETag and answers 304).
 */
export function publicAnswer(reply: FastifyReply, keys: Iterable<string | null | undefined>): FastifyReply {
  setSurrogateKeys(reply, keys);
  return reply.header("cache-control", PAGE_CACHE_CONTROL);
}

/**
 * Cursors are opaque to clients: base64url of what the list walks by. Anything that does not
 * decode to a position of this list is refused (400) rather than read as "from the start".
 */
export function encodeCursor(position: string): string {
  return Buffer.from(position, "utf8").toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, parse: (position: string) => T | null): T | null {
  if (cursor === undefined) return null;
  const parsed = parse(Buffer.from(cursor, "base64url").toString("utf8"));
  if (parsed === null) throw new ValidationError("querystring/cursor", "is not a cursor this list gave");
  return parsed;
}

/**
 * The URL of the next page: this request's own, with its filters, and `cursor` replaced. Sent in
 * the body (`next`) and as a `Link: <…>; rel="next"` header.
 */
export function nextPage(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
  cursor: string | null,
): string | null {
  if (cursor === null) return null;
  const url = new URL(request.url, publicUrl.replace(/\/+$/, "/"));
  url.searchParams.set("cursor", cursor);
  const next = `${new URL(publicUrl).origin}${url.pathname}${url.search}`;
  reply.header("link", `<${next}>; rel="next"`);
  return next;
}

/** [start, end) of the days from `from` to `to` (both included) in a time zone; undefined: no bound. */
export function dayRange(
  timeZone: string,
  from: string | undefined,
  to: string | undefined,
): [string, string] | undefined {
  if (from === undefined && to === undefined) return undefined;
  const start = from === undefined ? "0000-01-01T00:00:00.000Z" : dayBound(timeZone, "from", from)[0];
  const end = to === undefined ? "9999-12-31T23:59:59.999Z" : dayBound(timeZone, "to", to)[1];
  if (start >= end) throw new ValidationError("querystring/to", "must not be before from");
  return [start, end];
}

function dayBound(timeZone: string, field: "from" | "to", day: string): [string, string] {
  const [year, month, date] = day.split("-").map(Number);
  if (year === undefined || month === undefined || date === undefined || !isCalendarDate(year, month, date)) {
    throw new ValidationError(`querystring/${field}`, "is not a calendar day (yyyy-mm-dd)");
  }
  return zonedRange(timeZone, year, month, date);
}
