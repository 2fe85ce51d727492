import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RouteOptions } from "fastify";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { compileDeferredSchemas } from "./schema-compilers.ts";

/**
 * Every route of the app declares what it accepts, so that bad input is refused at the edge with a
 * 400 and the contract can be read (and, for the API, published). The rule, per method and URL:
 *
 * - `params` when the URL has parameters (`:id`, `*`);
 * - `querystring` always: the parameters it reads, or an empty closed object when it reads none;
 * - `body` for POST, PUT, PATCH and DELETE;
 * - `response` for the routes answering JSON (under /api/ and /newsroom/api/).
 *
 * HEAD routes Fastify adds for GET routes share the GET's options and are skipped.
 */

/**
 * Third-party routes, by name: @fastify/swagger and @fastify/swagger-ui serve the OpenAPI document
 * and the reference page's own files; they take no input of ours and are hidden from the document.
 */
const THIRD_PARTY = new Set([
  "GET /api/openapi.json",
  "GET /api/docs",
  "HEAD /api/docs",
  "HEAD /api/docs/",
  "GET /api/docs/static/index.html",
  "GET /api/docs/static/swagger-initializer.js",
  "GET /api/docs/json",
  "GET /api/docs/yaml",
  "GET /api/docs/static/*",
]);

/**
 * Plumbing of the API scope answering no operation of its own, by name: the CORS preflight
 * (@fastify/cors) and the catch-all that answers unknown /api/ paths with a 404 problem document.
 */
const API_PLUMBING = new Set([
  "OPTIONS /api*",
  ...["GET", "TRACE", "DELETE", "OPTIONS", "PATCH", "PUT", "POST", "QUERY"].map(
    (method) => `${method} /api/*`,
  ),
]);

/**
 * Routes whose body cannot be checked before the handler, by name: multipart uploads are streamed
 * (src/newsroom/media/multipart-upload.ts), their fields checked as they arrive, before any file.
 */
const STREAMED_BODY = new Set(["POST /newsroom/media", "POST /newsroom/api/media", "POST /api/v1/media"]);

/**
 * Routes that take no body at all, by name: the audience beacon (`navigator.sendBeacon` sends its
 * view in the address) refuses any body by its one-byte `bodyLimit`, before the handler.
 */
const NO_BODY = new Set(["POST /beacon"]);

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Route {
  method: string;
  url: string;
  schema: Record<string, unknown> | undefined;
}

/** What a route is missing by the rule above; empty when it declares all it must. */
export function missingSchemaParts(route: Route): string[] {
  const schema = route.schema ?? {};
  const missing: string[] = [];
  const name = `${route.method} ${route.url}`;
  if (/[:*]/.test(route.url) && !schema.params) missing.push("params");
  if (!schema.querystring) missing.push("querystring");
  const bodyless = STREAMED_BODY.has(name) || NO_BODY.has(name);
  if (BODY_METHODS.has(route.method) && !bodyless && !schema.body) missing.push("body");
  if (/^\/(newsroom\/)?api\//.test(route.url) && !schema.response) missing.push("response");
  return missing;
}

for (const database of testDatabases()) {
  describe(`every route declares its schema (${database.name})`, () => {
    let demo: DemoApp;
    const routes: Route[] = [];
    before(async () => {
      demo = await startDemoApp(database, {}, { onRoute: (options) => routes.push(...routesOf(options)) });
    });
    after(() => demo.close());

    it("collects the app's routes", () => {
      const names = new Set(routes.map((route) => `${route.method} ${route.url}`));
      for (const expected of [
        "GET /newsroom/articles/:id/edit",
        "PUT /newsroom/api/articles/:id",
        "GET /media/*",
      ]) {
        assert.ok(names.has(expected), `${expected} is among the routes`);
      }
    });

    it("exempts only routes that exist, by name", () => {
      const names = new Set(routes.map((route) => `${route.method} ${route.url}`));
      const stale = [...THIRD_PARTY, ...API_PLUMBING, ...STREAMED_BODY, ...NO_BODY].filter(
        (name) => !names.has(name),
      );
      assert.deepEqual(stale, [], "exemptions naming no route of the app");
    });

    it("compiles every route's schemas (compiled on first use, or once a server listens)", async () => {
      await compileDeferredSchemas();
    });

    it("lists no route without the schema it must declare", () => {
      const gaps = routes
        .filter((route) => !isSkipped(route, routes))
        .map((route) => ({ route, missing: missingSchemaParts(route) }))
        .filter(({ missing }) => missing.length > 0)
        .map(({ route, missing }) => `${route.method} ${route.url}: no ${missing.join(", ")}`);
      assert.deepEqual(gaps, [], "routes without their schema");
    });
  });
}

/** One entry per method of a route (Fastify registers `["GET", "HEAD"]` as one route). */
function routesOf(options: RouteOptions): Route[] {
  const methods = Array.isArray(options.method) ? options.method : [options.method];
  return methods.map((method) => ({
    method,
    url: options.url,
    schema: options.schema as Record<string, unknown> | undefined,
  }));
}

function isSkipped(route: Route, all: readonly Route[]): boolean {
  const name = `${route.method} ${route.url}`;
  if (THIRD_PARTY.has(name) || API_PLUMBING.has(name)) return true;
  // The HEAD routes Fastify adds beside GET ones (and HEAD declared with a GET) answer as the GET does.
  return route.method === "HEAD" && all.some((other) => other.method === "GET" && other.url === route.url);
}
