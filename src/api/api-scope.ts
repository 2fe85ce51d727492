import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import { answerProblem, ProblemSchema, problemOf, sendProblem } from "./problem.ts";

/** The API's Fastify scope: handlers get their input's types from the routes' TypeBox schemas. */
export type ApiScope = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Where the API lives, and where its OpenAPI document and reference page are. */
export const API_PREFIX = "/api";

/** Whether a request's URL is the API's (its answers, errors included, are problem documents). */
export function isApiPath(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}
export const OPENAPI_PATH = "/api/openapi.json";
export const API_DOCS_PATH = "/api/docs";

/**
 * The hash of the one inline style Swagger UI draws (its logo's, `.logo_small_svg__cls-2{fill:#fff}…`),
 * allowed on the reference page's policy. A new swagger-ui with another logo changes it: the page's
 * browser test (api-docs.browser.test.ts) then reports the refusal with the hash to put here.
 */
const SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

export interface ApiScopeOptions {
  siteName: string;
  publicUrl: string;
  /** Origins allowed to call the API from a browser (CORS); empty: none but the site's own. */
  corsOrigins: readonly string[];
  /** Security schemes the document's operations may name (a content key's, when required). */
  securitySchemes?: Record<
    string,
    { type: "apiKey"; in: "header" | "query"; name: string; description?: string }
  >;
  /** Each part of the API adds its routes here, in this order. */
  parts: readonly ((scope: ApiScope) => void | Promise<void>)[];
}

/**
 * The API under /api: its own scope with problem documents for every error (RFC 9457), CORS,
 * an OpenAPI 3.1 document generated from the routes' schemas, and a reference page served from
 * @fastify/swagger-ui's own files. Nothing here is cached by the page cache unless a route says so.
 */
export async function registerApiScope(app: FastifyInstance, options: ApiScopeOptions): Promise<void> {
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
      scope.addSchema(ProblemSchema);
      // A request without a body is read as an empty one, as the newsroom reads it: an action that
      // takes no fields may be sent with none, and one that needs fields names the first missing.
      scope.addHook("preValidation", async (request) => {
        if (request.body === undefined && request.method !== "GET" && request.method !== "HEAD") {
          request.body = {};
        }
      });
      scope.setErrorHandler((error, request, reply) => answerProblem(error, request, reply));
      // The reader site answers every other path (its own 404 page): /api/* is the API's to refuse.
      const noSuchOperation = (request: FastifyRequest, reply: FastifyReply) =>
        sendProblem(
          reply,
          problemOf(
            {
              status: 404,
              code: "NO_SUCH_OPERATION",
              message: `No API operation answers ${request.method} ${request.url.split("?", 1)[0]}; see ${OPENAPI_PATH}.`,
              details: {},
              retryAfterSeconds: undefined,
            },
            request,
          ),
        );
      scope.setNotFoundHandler(noSuchOperation);
      scope.all("/*", { schema: { hide: true } }, noSuchOperation);
      await scope.register(cors, {
        origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
        methods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
        allowedHeaders: ["authorization", "content-type", "if-match", "if-none-match", "x-tribune-key"],
        exposedHeaders: ["etag", "link", "retry-after", "location"],
        maxAge: 600,
      });
      await scope.register(swagger, {
        openapi: {
          openapi: "3.1.0",
          info: {
            title: `${options.siteName} API`,
            version: "1.0.0",
            description:
              "Tribune's content API (published stories, articles, tags, authors, media, search) and admin API (writing, workflow, media, tags, comments), for apps, newsletters and tools.",
            license: { name: "MIT", identifier: "MIT" },
          },
          servers: [{ url: options.publicUrl.replace(/\/+$/, "") }],
          components: {
            securitySchemes: {
              bearerAuth: {
                type: "http",
                scheme: "bearer",
                description:
                  "A personal access token (trb_…), made in the newsroom's Tokens page or with `tribune token add`; it acts with its user's role and editions.",
              },
              ...options.securitySchemes,
            },
          },
          tags: [
            { name: "content", description: "Published content, readable without a token." },
            { name: "admin", description: "Writing and managing, with a personal access token." },
          ],
        },
        refResolver: {
          buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
        },
      });
      scope.get(OPENAPI_PATH.slice(API_PREFIX.length), { schema: { hide: true } }, async (_request, reply) =>
        reply.header("cache-control", "no-cache").send(scope.swagger()),
      );
      await scope.register(swaggerUi, {
        routePrefix: API_DOCS_PATH.slice(API_PREFIX.length),
        uiConfig: { deepLinking: true },
        staticCSP: true,
        // The top bar's logo is an SVG with a <style> element, which the static policy refuses.
        transformStaticCSP: (policy) =>
          policy.replace("style-src 'self'", `style-src 'self' ${SWAGGER_LOGO_STYLE}`),
        // The page's links to its scripts and styles are absolute: they need the scope's prefix.
        indexPrefix: API_PREFIX,
        transformSpecificationClone: true,
      });
      for (const part of options.parts) await part(scope);
    },
    { prefix: API_PREFIX },
  );
}
