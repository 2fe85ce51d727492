import type { IncomingMessage } from "node:http";
import { StringDecoder } from "node:string_decoder";
import { FetchRefusedError, guardedRequest, streamBody } from "../embeds/guarded-fetch.ts";
import type { FeedItem } from "./feed-item.ts";
import { FeedFormatError, FeedXmlReader } from "./feed-parser.ts";
import { readNinjs } from "./ninjs.ts";

/** How a feed (or its photos) may be fetched; the defaults are the site's, tests shorten them. */
export interface FeedFetchLimits {
  /** The whole exchange, answer included (default 20 s). */
  timeoutMs: number;
  /** The feed's body; a longer answer is refused mid-stream (default 5 MB). */
  maxBytes: number;
  /** Redirects followed, each to an address checked like the first (default 5). */
  maxRedirects: number;
  /** Any host may be at a private or loopback address (FEEDS_ALLOW_PRIVATE; tests). */
  allowPrivate: boolean;
}

export const DEFAULT_FETCH_LIMITS: FeedFetchLimits = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
};

/** The validators of the last answer, sent back so that an unchanged feed answers 304. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedAnswer =
  | { status: "unchanged" }
  | { status: "fetched"; items: FeedItem[]; validators: Validators };

/** Why a feed or photo could not be fetched or read; the message goes on the feed's page. */
export class FeedFetchError extends Error {}

/**
 * GETs a feed conditionally and reads its items while the body streams in: the body is never
 * held whole beyond `maxBytes`, XML never has its entities expanded, and every address on the way
 * (each redirect's too) must be http(s) and public unless private ones are allowed.
 */
export async function fetchFeed(
  url: string,
  previous: Validators,
  limits: FeedFetchLimits,
): Promise<FeedAnswer> {
  const headers: Record<string, string> = {
    accept: "application/rss+xml, application/atom+xml, application/xml, text/xml, application/json;q=0.9",
    "user-agent": "Tribune-Feeds/1",
  };
  if (previous.etag) headers["if-none-match"] = previous.etag;
  if (previous.lastModified) headers["if-modified-since"] = previous.lastModified;
  const deadline = Date.now() + limits.timeoutMs;
  const response = await follow(url, headers, limits, deadline);
  const status = response.statusCode ?? 0;
  if (status === 304) {
    response.resume();
    return { status: "unchanged" };
  }
  if (status !== 200) {
    response.destroy();
    throw new FeedFetchError(`the feed answered ${status}`);
  }
  const validators = {
    etag: headerOf(response, "etag"),
    lastModified: headerOf(response, "last-modified"),
  };
  const contentType = String(response.headers["content-type"] ?? "");
  const items = /json/i.test(contentType)
    ? readNinjs((await readCapped(response, limits.maxBytes)).toString("utf8"))
    : await readXml(response, limits.maxBytes);
  return { status: "fetched", items, validators };
}

/** GETs an image through the same checks, into memory (at most `maxBytes`). */
export async function fetchImage(url: string, limits: FeedFetchLimits): Promise<Buffer> {
  const response = await follow(
    url,
    { accept: "image/*", "user-agent": "Tribune-Feeds/1" },
    limits,
    Date.now() + limits.timeoutMs,
  );
  if (response.statusCode !== 200) {
    response.destroy();
    throw new FeedFetchError(`the photo answered ${response.statusCode}`);
  }
  return readCapped(response, limits.maxBytes);
}

/** Sends the GET, following redirects one by one (each checked again); a loop is refused. */
async function follow(
  url: string,
  headers: Record<string, string>,
  limits: FeedFetchLimits,
  deadline: number,
): Promise<IncomingMessage> {
  const seen = new Set<string>();
  let current = url;
  for (let hop = 0; ; hop++) {
    if (seen.has(current)) throw new FeedFetchError(`the redirects loop back to ${current}`);
    seen.add(current);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new FeedFetchError(`no answer within ${limits.timeoutMs / 1000} s`);
    let response: IncomingMessage;
    try {
      response = await guardedRequest(current, {
        method: "GET",
        headers,
        timeoutMs: remaining,
        trustedHost: null,
        allowPrivate: limits.allowPrivate,
      });
    } catch (error) {
      if (error instanceof FetchRefusedError) throw new FeedFetchError(`${current}: ${error.message}`);
      throw error;
    }
    const status = response.statusCode ?? 0;
    const location = headerOf(response, "location");
    if (status < 300 || status >= 400 || status === 304 || !location) return response;
    response.resume();
    if (hop >= limits.maxRedirects) throw new FeedFetchError(`more than ${limits.maxRedirects} redirects`);
    try {
      current = new URL(location, current).toString();
    } catch {
      throw new FeedFetchError(`a redirect to "${location}", which is not an address`);
    }
  }
}

function headerOf(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return typeof value === "string" && value.length > 0 && value.length <= 500 ? value : null;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamBody(response, maxBytes, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

async function readXml(response: IncomingMessage, maxBytes: number): Promise<FeedItem[]> {
  const reader = new FeedXmlReader();
  const decoder = new StringDecoder("utf8");
  await streamBody(response, maxBytes, (chunk) => reader.write(decoder.write(chunk)));
  reader.write(decoder.end());
  return reader.close();
}

export { FeedFormatError };
