import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { AccessTokenService } from "../accounts/access-token-service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { tablesOf } from "../db/table-catalogue.ts";
import { PROBLEM_TYPE } from "./problem.ts";

/** An operation of the OpenAPI document, as this walker needs it. */
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema?: { type?: string } }[];
  hasBody: boolean;
  secured: boolean;
}

/** Path values no route accepts: wrong types, out of range, traversal, control characters. */
const HOSTILE_PATH_VALUES = ["abc", "-1", "0", "99999999999999999999", "..%2F..%2Fetc", "%00", "%E0%A4%A"];

/** Bodies no operation accepts, with what they are sent as. */
const HOSTILE_BODIES: { name: string; contentType: string; payload: string }[] = [
  { name: "malformed JSON", contentType: "application/json", payload: "{" },
  { name: "a JSON array", contentType: "application/json", payload: "[]" },
  { name: "a JSON string", contentType: "application/json", payload: '"x"' },
  { name: "an unknown field", contentType: "application/json", payload: '{"surprise":1}' },
  { name: "wrong types", contentType: "application/json", payload: '{"title":42,"edition":[],"at":{}}' },
  { name: "plain text", contentType: "text/plain", payload: "title=x" },
  { name: "2 MB", contentType: "application/json", payload: `{"title":"${"x".repeat(2 * 1024 * 1024)}"}` },
];

/** Tokens that are not tokens, or no longer valid. */
const BAD_AUTHORIZATIONS = [
  "Bearer",
  "Bearer nope",
  `Bearer trb_${"A".repeat(43)}`,
  "Basic YTpi",
  "bearer \u0000",
];

function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }) {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!["get", "post", "patch", "put", "delete"].includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters as Operation["parameters"] | undefined) ?? [],
        hasBody: operation.requestBody !== undefined,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
      });
    }
  }
  return operations;
}

/**
 * What may be written while the requests are refused: the bad-token limiter counts failed attempts
 * per address (src/api/admin/bearer-auth.ts), as sign-in does, so that guessing is slowed; and the
 * app renews its scheduled work's leases on a timer, whatever the requests (a slow run sees one).
 */
const REFUSAL_BOOKKEEPING = new Set(["sign_in_failures", "leases"]);

/** Every table's rows, hashed: what a refused request must leave exactly as it was. */
async function fingerprint(handle: DatabaseHandle): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const table of await tablesOf(handle)) {
    if (REFUSAL_BOOKKEEPING.has(table)) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(handle.db);
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    prints[table] = createHash("sha256").update(lines.join("\n")).digest("hex");
  }
  return prints;
}

/**
 * Every operation the OpenAPI document lists, sent what no client should send: path values of the
 * wrong type, query values of the wrong type, hostile bodies, bad tokens. Each answer is a 4xx
 * problem document (never a 5xx, never the reader site's page), and nothing stored changes.
 */
for (const database of testDatabases()) {
  describe(`hostile requests to every API operation on ${database.name}`, () => {
    let demo: DemoApp;
    let operations: Operation[] = [];
    let before_: Record<string, string> = {};

    let adminToken = "";

    before(async () => {
      demo = await startDemoApp(database);
      operations = operationsOf((await demo.app.inject("/api/openapi.json")).json());
      const admin = await createTestUser(demo.database.db, "admin");
      const made = await new AccessTokenService(demo.database.db).create(
        admin.id,
        { name: "hostile walker" },
        { actorUserId: null, via: "test" },
      );
      adminToken = made.token;
      // Its first use records when it was used: done before the fingerprint.
      await demo.app.inject({
        url: "/api/v1/admin/comments",
        headers: { authorization: `Bearer ${adminToken}` },
      });
      before_ = await fingerprint(demo.database);
    });
    after(() => demo.close());

    let client = 0;
    const send = async (
      where: string,
      request: { method: string; url: string; headers?: Record<string, string>; payload?: string },
    ) => {
      // Each request from its own address: the bad-token limit (429) is tested with the admin API.
      client += 1;
      const headers = { ...request.headers, "x-forwarded-for": `10.9.${client >> 8}.${client & 255}` };
      const response = await demo.app.inject({ ...request, headers } as never);
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${where}: ${request.method} ${request.url.slice(0, 120)} answered ${response.statusCode}`,
      );
      assert.equal(response.headers["content-type"], PROBLEM_TYPE, `${where}: a problem document`);
      const problem = response.json();
      assert.equal(problem.status, response.statusCode, where);
      assert.ok(typeof problem.detail === "string" && problem.detail.length > 0, `${where}: says why`);
      return response;
    };

    test("the walk reaches every kind of input the API takes", () => {
      assert.ok(operations.filter((op) => op.path.includes("{")).length >= 10, "operations with path values");
      assert.ok(operations.filter((op) => op.secured).length >= 10, "operations that need a token");
      assert.ok(operations.filter((op) => op.hasBody).length >= 5, "operations with bodies");
      assert.ok(
        operations.some((op) => op.parameters.some((p) => p.in === "query" && p.schema?.type === "integer")),
        "integer query parameters",
      );
    });

    test("path parameters of the wrong type or out of range", async () => {
      for (const operation of operations.filter((op) => op.path.includes("{"))) {
        for (const value of HOSTILE_PATH_VALUES) {
          const url = operation.path.replace(/\{[^}]+\}/g, value);
          await send("hostile path value", { method: operation.method, url });
        }
      }
    });

    test("query parameters of the wrong type", async () => {
      for (const operation of operations.filter((op) => !op.secured)) {
        for (const parameter of operation.parameters.filter((p) => p.in === "query")) {
          const type = parameter.schema?.type;
          if (type !== "integer" && type !== "number" && type !== "boolean") continue;
          const path = operation.path.replace(/\{[^}]+\}/g, "1");
          await send(`${parameter.name} of the wrong type`, {
            method: operation.method,
            url: `${path}?${parameter.name}=not-a-${type}`,
          });
        }
      }
    });

    test("operations that need a token refuse none, a malformed one and an unknown one", async () => {
      for (const operation of operations.filter((op) => op.secured)) {
        const url = operation.path.replace(/\{[^}]+\}/g, "1");
        const none = await send("no token", { method: operation.method, url });
        assert.equal(none.statusCode, 401, `${operation.method} ${url} without a token`);
        for (const authorization of BAD_AUTHORIZATIONS) {
          const refused = await send(`token "${authorization.slice(0, 20)}"`, {
            method: operation.method,
            url,
            headers: { authorization },
          });
          assert.equal(refused.statusCode, 401);
        }
      }
    });

    test("hostile bodies, without a token and with a bad one", async () => {
      for (const operation of operations.filter((op) => op.hasBody)) {
        const url = operation.path.replace(/\{[^}]+\}/g, "1");
        for (const body of HOSTILE_BODIES) {
          await send(body.name, {
            method: operation.method,
            url,
            headers: { "content-type": body.contentType, authorization: "Bearer nope" },
            payload: body.payload,
          });
        }
      }
    });

    test("hostile bodies with an admin's valid token", async () => {
      for (const operation of operations.filter((op) => op.hasBody && op.secured)) {
        const url = operation.path.replace(/\{[^}]+\}/g, "1");
        for (const body of HOSTILE_BODIES) {
          await send(`${body.name} as an admin`, {
            method: operation.method,
            url,
            headers: { "content-type": body.contentType, authorization: `Bearer ${adminToken}` },
            payload: body.payload,
          });
        }
      }
    });

    test("nothing stored changed", async () => {
      assert.deepEqual(await fingerprint(demo.database), before_);
    });
  });
}
