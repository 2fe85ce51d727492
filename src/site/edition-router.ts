import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { ErrorPageRenderer } from "../http/http-errors.ts";
import type { Catalogue } from "../shared/i18n/catalogue.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import { preferredEdition } from "./preferred-edition.ts";
import type { SitePages } from "./site-pages.tsx";
import { editionChoicePage } from "./views/edition-choice.tsx";

/** A request for a path inside one edition, as every edition route receives it. */
export interface EditionRequest {
  request: FastifyRequest;
  reply: FastifyReply;
  edition: Edition;
  messages: Catalogue;
  /** The request's time, ISO: what readers may see is decided against it. */
  now: string;
  /** The pattern's capture groups. */
  params: string[];
  query: URLSearchParams;
}

/** A page of every edition: a path pattern (inside the edition) and what answers it. */
export interface EditionRoute {
  /** GET (the default; HEAD follows it) or POST, whose body arrives unparsed as a Buffer. */
  method?: "GET" | "POST";
  pattern: RegExp;
  handle(request: EditionRequest): Promise<FastifyReply>;
}

/** The largest body an edition route accepts by POST (forms of a few fields; comments). */
export const EDITION_POST_BODY_LIMIT = 256 * 1024;

/**
 * Serves the edition routes on every edition, whether it lives under a path prefix or on its own
 * host, so each page is written once. Unknown paths get the edition's own 404 page.
 */
export function registerEditionRouter(
  app: FastifyInstance,
  options: { editions: Editions; pages: SitePages; routes: readonly EditionRoute[] },
): void {
  const { editions, pages, routes } = options;

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const [path = "/", search = ""] = request.url.split("?", 2);
    const located = locate(editions, request.headers.host ?? "", path);
    if (!located) {
      if (path === "/") return toPreferredEdition(request, reply, editions);
      return pages.notFound(reply, editions.default);
    }
    const { edition, rest } = located;
    if (rest === "") return reply.redirect(`${edition.prefix}/`, 301);
    const method = request.method === "POST" ? "POST" : "GET";
    const routePath = decodedPath(rest);
    if (routePath === undefined) return pages.notFound(reply, edition);
    // A route's error reaches the app's error handler, which answers readerErrorPages below.
    for (const route of routes) {
      if ((route.method ?? "GET") !== method) continue;
      const match = route.pattern.exec(routePath);
      if (!match) continue;
      return route.handle({
        request,
        reply,
        edition,
        messages: messagesFor(edition.code),
        now: new Date().toISOString(),
        params: match.slice(1).map((group) => group ?? ""),
        query: new URLSearchParams(search),
      });
    }
    // An article, tag or page asked for with a trailing slash: its address has none.
    if (method === "GET" && routePath.length > 1 && routePath.endsWith("/")) {
      const bare = routePath.replace(/\/+$/, "");
      if (routes.some((route) => (route.method ?? "GET") === "GET" && route.pattern.test(bare))) {
        const location = `${edition.prefix}${rest.replace(/\/+$/, "")}${search ? `?${search}` : ""}`;
        // Never "//elsewhere": a path the browser would read as another host.
        if (!location.startsWith("//")) {
          return reply.header("cache-control", "public, max-age=3600").redirect(location, 301);
        }
      }
    }
    return pages.notFound(reply, edition);
  };

  app.get("/", dispatch);
  app.get("/*", dispatch);
  // POST routes get the raw body: each route parses (and refuses) what it is sent itself, so a
  // reader form never depends on a parser registered elsewhere (the newsroom has its own scope).
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: EDITION_POST_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post("/*", dispatch);
  });
  app.setNotFoundHandler((request, reply) => {
    const located = locate(editions, request.headers.host ?? "", request.url.split("?")[0] ?? "/");
    return pages.notFound(reply, located?.edition ?? editions.default);
  });
}

/**
 * Errors outside the newsroom answer a page for the status in the language of the edition the path
 * belongs to (the default edition's elsewhere, as missing pages do), never Fastify's JSON or a stack
 * trace; JSON only to a client that asks for JSON and not for HTML.
 */
export function readerErrorPages(editions: Editions, pages: SitePages): ErrorPageRenderer {
  return (request, reply, answer) => {
    const accept = request.headers.accept ?? "";
    if (accept.includes("json") && !accept.includes("html")) return undefined;
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    const located = locate(editions, request.headers.host ?? "", path);
    return pages.errorFor(reply, located?.edition ?? editions.default, answer.status);
  };
}

/**
 * The path inside the edition with each segment percent-decoded, as routes match it: slugs may be
 * in any script (`/tag/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0` is `/tag/москва`). Undefined when a
 * segment would decode to a "/" (no route has one) or is not valid percent-encoded UTF-8.
 */
function decodedPath(rest: string): string | undefined {
  if (!rest.includes("%")) return rest;
  try {
    const segments = rest.split("/").map((segment) => decodeURIComponent(segment));
    return segments.some((segment) => segment.includes("/")) ? undefined : segments.join("/");
  } catch {
    return undefined;
  }
}

/** Which edition a request is for (by host, then by path prefix) and the path inside it. */
export function locate(
  editions: Editions,
  host: string,
  path: string,
): { edition: Edition; rest: string } | undefined {
  const byHost = editions.byHost(host);
  if (byHost) {
    const rest = byHost.prefix && path.startsWith(byHost.prefix) ? path.slice(byHost.prefix.length) : path;
    return { edition: byHost, rest };
  }
  for (const edition of editions.all) {
    if (edition.host !== null) continue;
    if (path === edition.prefix || path.startsWith(`${edition.prefix}/`)) {
      return { edition, rest: path.slice(edition.prefix.length) };
    }
  }
  return undefined;
}

/**
 * The site root on the main host: the edition the browser's languages prefer (302, varying by
 * Accept-Language so caches keep one answer per language), with every edition's front linked in the
 * body for crawlers.
 */
function toPreferredEdition(request: FastifyRequest, reply: FastifyReply, editions: Editions) {
  const onMainHost = editions.all.filter((edition) => edition.host === null);
  const fallback = onMainHost.includes(editions.default)
    ? editions.default
    : (onMainHost[0] ?? editions.default);
  const chosen = preferredEdition(request.headers["accept-language"], editions.all, fallback);
  return reply
    .code(302)
    .header("location", `${chosen.prefix}/`)
    .header("vary", "Accept-Language")
    .header("cache-control", "public, max-age=300")
    .type("text/html; charset=utf-8")
    .send(editionChoicePage(chosen, editions.all));
}
