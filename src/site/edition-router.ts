import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Static, type TObject, type TSchema, Type } from "typebox";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { ErrorPageRenderer } from "../http/http-errors.ts";
import type { Catalogue } from "../shared/i18n/catalogue.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import { preferredEdition } from "./preferred-edition.ts";
import { type FormRefusal, formRefusalOf, readableFields, registerReaderForms } from "./reader-forms.ts";
import { IgnoredQuery } from "./route-schemas.ts";
import type { SitePages } from "./site-pages.tsx";
import { editionChoicePage } from "./views/edition-choice.tsx";

/** A request for a path inside one edition, as every edition route receives it. */
export interface EditionRequest<Params = unknown, Query = unknown, Body = unknown> {
  request: FastifyRequest;
  reply: FastifyReply;
  edition: Edition;
  messages: Catalogue;
  /** The request's time, ISO: what readers may see is decided against it. */
  now: string;
  /** The path's parameters, percent-decoded and checked against the route's schema. */
  params: Params;
  /** The query's parameters as the route's schema reads them. */
  query: Query;
  /** POST: the form's fields; when it could not be read, the first value of each that could. */
  body: Body;
  /** POST: why the form could not be read (the route shows it beside the form), or null. */
  refusal: FormRefusal | null;
}

/** What a route declares it accepts: Fastify validates it, and the handler's types come from it. */
export interface EditionRouteSchema {
  params?: TObject;
  querystring: TObject;
  body?: TObject;
  response?: Record<number, TSchema>;
}

/** A page of every edition: a path (inside the edition, Fastify's syntax), its schema and what answers it. */
export interface EditionRoute {
  method: "GET" | "POST";
  url: string;
  schema: EditionRouteSchema;
  // biome-ignore lint/suspicious/noExplicitAny: each route's own types come from editionRoute()
  handle(request: EditionRequest<any, any, any>): Promise<FastifyReply>;
}

/**
 * An edition route whose handler's params, query and body types are those of its schemas. GET
 * (HEAD follows it) by default; POST routes get reader forms (src/site/reader-forms.ts).
 */
export function editionRoute<
  P extends TObject = TObject<Record<never, never>>,
  Q extends TObject = TObject<Record<never, never>>,
  B extends TObject = TObject<Record<never, never>>,
>(route: {
  method?: "GET" | "POST";
  url: string;
  params?: P;
  querystring: Q;
  body?: B;
  response?: Record<number, TSchema>;
  handle(request: EditionRequest<Static<P>, Static<Q>, Static<B>>): Promise<FastifyReply>;
}): EditionRoute {
  return {
    method: route.method ?? "GET",
    url: route.url,
    schema: {
      querystring: route.querystring,
      ...(route.params ? { params: route.params } : {}),
      ...(route.body ? { body: route.body } : {}),
      ...(route.response ? { response: route.response } : {}),
    },
    handle: route.handle,
  };
}

/**
 * Registers the edition routes on every edition, as Fastify routes: under the edition's path prefix
 * (`/pt/tag/:slug`), or at the root of its own host (a host constraint), so each page is written
 * once. Unknown paths get the edition's own 404 page; a parameter that is not what the route's
 * schema says (a slug in the wrong form, a month 13) is a path no page has, a 404 too.
 */
export async function registerEditionRouter(
  app: FastifyInstance,
  options: { editions: Editions; pages: SitePages; routes: readonly EditionRoute[] },
): Promise<void> {
  const { editions, pages, routes } = options;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const located = locate(editions, request.headers.host ?? "", request.url.split("?", 1)[0] ?? "/");
    return pages.notFound(reply, located?.edition ?? editions.default);
  };
  const router = new EditionRouter(editions, pages);

  app.get("/", { schema: { querystring: IgnoredQuery } }, (request, reply) =>
    toPreferredEdition(request, reply, editions),
  );
  app.setNotFoundHandler(notFound);
  await app.register(async (readers) => {
    await registerReaderForms(readers);
    // A parameter given twice (`?q=a&q=b`) is read as its first value, as links have always been
    // read here: schemas declare strings, and a reader's odd link still gets its page.
    readers.addHook("preValidation", async (request) => {
      const query = request.query as Record<string, unknown>;
      for (const [name, value] of Object.entries(query)) {
        if (Array.isArray(value)) query[name] = value[0];
      }
    });
    for (const edition of editions.all) {
      if (edition.host !== null) {
        const constraints = { host: hostPattern(edition.host) };
        for (const route of routes) router.add(readers, edition, route, edition.prefix, constraints);
        continue;
      }
      await readers.register(
        async (inEdition) => {
          inEdition.setNotFoundHandler(notFound);
          // `/pt` is the edition's front without its slash.
          inEdition.get("", { schema: { querystring: IgnoredQuery } }, (_request, reply) =>
            reply.redirect(`${edition.prefix}/`, 301),
          );
          for (const route of routes) router.add(inEdition, edition, route, "", undefined);
        },
        { prefix: edition.prefix },
      );
    }
  });
}

/** The edition routes' handlers as Fastify calls them. */
class EditionRouter {
  /** Requests whose route handler ran: an error from it is no form's to show. */
  private readonly handled = new WeakSet<FastifyRequest>();

  constructor(
    private readonly editions: Editions,
    private readonly pages: SitePages,
  ) {}

  add(
    scope: FastifyInstance,
    edition: Edition,
    route: EditionRoute,
    prefix: string,
    constraints: { host: RegExp } | undefined,
  ): void {
    const url = `${prefix}${route.url}`;
    scope.route({
      method: route.method,
      url,
      // The front's address keeps its slash (`/pt/`); `/pt` redirects to it.
      prefixTrailingSlash: "slash",
      ...(constraints ? { constraints } : {}),
      schema: route.schema,
      // A parameter or form that does not validate is answered by the route (404, the form again).
      attachValidation: true,
      // Comments keep what they are sent and drop control characters themselves (src/comments).
      config: { bodyNul: "allowed" },
      handler: (request, reply) => this.answer(request, reply, edition, route, null),
      // A form that could not be parsed (wrong type, not UTF-8, a file) is shown again with why.
      ...(route.method === "POST"
        ? {
            errorHandler: (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
              const refusal = formRefusalOf(error, request);
              if (!refusal || reply.sent || this.handled.has(request)) throw error;
              return this.answer(request, reply, edition, route, refusal);
            },
          }
        : {}),
    });
    // An article, tag or page asked for with a trailing slash (or several): its address has none.
    if (route.method === "GET" && !url.endsWith("/")) {
      scope.get(
        `${url}/*`,
        {
          ...(constraints ? { constraints } : {}),
          schema: {
            params: Type.Object({
              ...route.schema.params?.properties,
              "*": Type.String({ pattern: "^/*$" }),
            }),
            querystring: IgnoredQuery,
          },
          attachValidation: true,
        },
        (request, reply) => {
          if (request.validationError || this.elsewhere(request, edition)) {
            return this.pages.notFound(reply, this.editionOf(request, edition));
          }
          const [path = "", search] = request.url.split("?", 2);
          const location = `${path.replace(/\/+$/, "")}${search === undefined ? "" : `?${search}`}`;
          // Never "//elsewhere": a path the browser would read as another host.
          if (location.startsWith("//")) return this.pages.notFound(reply, edition);
          return reply.header("cache-control", "public, max-age=3600").redirect(location, 301);
        },
      );
    }
  }

  private answer(
    request: FastifyRequest,
    reply: FastifyReply,
    edition: Edition,
    route: EditionRoute,
    parseRefusal: FormRefusal | null,
  ): Promise<FastifyReply> | FastifyReply {
    if (this.elsewhere(request, edition)) return this.pages.notFound(reply, this.editionOf(request, edition));
    let refusal = parseRefusal;
    const invalid = request.validationError;
    if (invalid && !refusal) {
      const context = (invalid as { validationContext?: string }).validationContext;
      if (context === "body") refusal = formRefusalOf(invalid, request) ?? { code: "FORM_UNREADABLE" };
      else if (context === "querystring") return this.pages.badRequest(reply, edition);
      else return this.pages.notFound(reply, edition);
    }
    this.handled.add(request);
    return route.handle({
      request,
      reply,
      edition,
      messages: messagesFor(edition.code),
      now: new Date().toISOString(),
      params: request.params,
      query: request.query,
      body: refusal ? readableFields(request.body) : (request.body ?? {}),
      refusal,
    });
  }

  /** A request on an edition's own host that reached a route of an edition under a path prefix. */
  private elsewhere(request: FastifyRequest, edition: Edition): boolean {
    return edition.host === null && this.editions.byHost(request.headers.host ?? "") !== undefined;
  }

  private editionOf(request: FastifyRequest, fallback: Edition): Edition {
    return this.editions.byHost(request.headers.host ?? "") ?? fallback;
  }
}

/** The Host headers an edition's host answers, as Editions.byHost reads them: with its port or without. */
function hostPattern(host: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = host.split(":")[0] ?? host;
  return new RegExp(`^(?:${literal(host)}|${literal(name)})$`, "i");
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
