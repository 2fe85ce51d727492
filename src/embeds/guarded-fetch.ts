import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";

/** Why a request to a provider gave nothing usable; the message is for the editor. */
export class FetchRefusedError extends Error {}

export interface GuardedFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /**
   * The one host that may be at a private or loopback address: the configured endpoint's (an
   * operator's proxy, or a test's server). Any other host must resolve to public addresses only.
   */
  trustedHost: string | null;
  accept: string;
  /** Every host may be at a private address (tests' local servers; see GuardedRequestOptions). */
  allowPrivate?: boolean;
  userAgent?: string;
}

export interface FetchedBody {
  contentType: string;
  body: Buffer;
}

// Addresses no provider's answer may send us to: this machine, the private networks, link-local
// (cloud metadata services live there), carrier-grade NAT, multicast and the unspecified ones.
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address is one only this machine or its network should reach. */
export function isPrivateAddress(address: string): boolean {
  const plain = unmappedIPv4(address) ?? address;
  const family = isIP(plain);
  if (family === 0) return true;
  return PRIVATE.check(plain, family === 4 ? "ipv4" : "ipv6");
}

/** The IPv4 address an IPv4-mapped IPv6 one stands for ("::ffff:127.0.0.1", "::ffff:7f00:1"). */
function unmappedIPv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = Number.parseInt(hex[1] ?? "", 16);
  const low = Number.parseInt(hex[2] ?? "", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/**
 * GETs an http(s) URL and reads at most `maxBytes` of its answer within `timeoutMs`. Redirects are
 * not followed (a provider's endpoint answers directly, and following one could lead anywhere);
 * the host's addresses are checked as the connection is made, so a name that resolves to a private
 * address is refused unless it is the trusted host. Throws FetchRefusedError saying why.
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions): Promise<FetchedBody> {
  const response = await guardedRequest(url, {
    method: "GET",
    headers: { accept: options.accept, "user-agent": options.userAgent ?? "Tribune oEmbed" },
    timeoutMs: options.timeoutMs,
    trustedHost: options.trustedHost,
    allowPrivate: options.allowPrivate === true,
  });
  return readLimited(response, options.maxBytes);
}

export interface GuardedRequestOptions {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The one host that may be at a private or loopback address (see GuardedFetchOptions). */
  trustedHost: string | null;
  /** Every host may be at a private address (an operator's choice: WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
}

/**
 * Sends one request to an http(s) URL whose host must resolve to public addresses only (checked as
 * the connection is made, so a name cannot change its answer between a check and the request), and
 * resolves with the answer's head; the caller reads or drops the body. The timeout covers the whole
 * exchange. Throws FetchRefusedError saying why.
 */
export function guardedRequest(url: string, options: GuardedRequestOptions): Promise<IncomingMessage> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new FetchRefusedError("the address is not a URL"));
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return Promise.reject(new FetchRefusedError("only http and https addresses are fetched"));
  }
  const trusted =
    options.allowPrivate === true || (options.trustedHost !== null && target.host === options.trustedHost);
  // An address written as an IP is connected to without a lookup: it is checked here instead.
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (!trusted && isIP(literal) !== 0 && isPrivateAddress(literal)) {
    return Promise.reject(new FetchRefusedError(`${literal} is not a public address`));
  }
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const fail = (message: string) => reject(new FetchRefusedError(message));
    const outgoing = request(
      target,
      {
        method: options.method,
        headers: options.headers,
        lookup: trusted ? undefined : publicOnlyLookup,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      resolve,
    );
    outgoing.on("error", (error) => {
      if (error instanceof FetchRefusedError) reject(error);
      else if (error.name === "AbortError" || error.name === "TimeoutError") {
        fail(`no answer within ${options.timeoutMs / 1000} s`);
      } else fail(`the request failed (${error.message})`);
    });
    outgoing.end(options.body);
  });
}

/**
 * Why `hostname` may not be the target of a request from this server (it is, or resolves to, a
 * private, loopback or link-local address, or does not resolve), or null when every address it
 * resolves to is public.
 */
export async function privateHostRefusal(hostname: string): Promise<string | null> {
  const literal = hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) !== 0) return isPrivateAddress(literal) ? `${literal} is not a public address` : null;
  let addresses: LookupAddress[];
  try {
    addresses = await dnsPromises.lookup(literal, { all: true });
  } catch {
    return `${literal} does not resolve to an address`;
  }
  if (addresses.length === 0) return `${literal} does not resolve to an address`;
  const inside = addresses.find((entry) => isPrivateAddress(entry.address));
  return inside ? `${literal} resolves to ${inside.address}, which is not a public address` : null;
}

async function readLimited(response: IncomingMessage, maxBytes: number): Promise<FetchedBody> {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400) {
    response.destroy();
    throw new FetchRefusedError(`it answered with a redirect (${status}), which is not followed`);
  }
  if (status !== 200) {
    response.destroy();
    throw new FetchRefusedError(`it answered ${status}`);
  }
  const chunks: Buffer[] = [];
  await streamBody(response, maxBytes, (chunk) => chunks.push(chunk));
  return { contentType: String(response.headers["content-type"] ?? ""), body: Buffer.concat(chunks) };
}

/** "64 KB", "5.0 MB": a limit as people read it. */
function sizeOf(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Reads an answer's body, giving each chunk to `onChunk`, and stops the download past `maxBytes`
 * (a declared length over it is refused before any byte). Rejects with FetchRefusedError when the
 * body is too large or breaks off, or with what `onChunk` threw.
 */
export function streamBody(
  response: IncomingMessage,
  maxBytes: number,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new FetchRefusedError(`the answer is larger than ${sizeOf(maxBytes)}`);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      response.destroy();
      reject(error);
    };
    if (Number(response.headers["content-length"] ?? "0") > maxBytes) return fail(tooLarge());
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge());
      try {
        onChunk(chunk);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    response.on("end", () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    response.on("error", (error) => fail(new FetchRefusedError(`the answer broke off (${error.message})`)));
    // Nothing when it ended normally; otherwise the answer was cut (a timeout, a reset).
    response.on("close", () => {
      if (!response.complete) fail(new FetchRefusedError("the answer broke off before its end"));
    });
  });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup, refusing names that resolve to any private address (checked at connection time). */
function publicOnlyLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((entry) => isPrivateAddress(entry.address))) {
      return callback(new FetchRefusedError(`${hostname} is not a public address`), []);
    }
    const wantsAll = (options as { all?: boolean }).all === true;
    const first = list[0] as LookupAddress;
    if (wantsAll) callback(null, list);
    else callback(null, first.address, first.family);
  });
}
