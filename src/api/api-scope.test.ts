import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { PROBLEM_TYPE } from "./problem.ts";

const [sqlite] = testDatabases();

/** The API's frame, on one database: what it adds is the same on both (its parts test both). */
describe("the API's scope", () => {
  let demo: DemoApp;
  before(async () => {
    assert.ok(sqlite);
    demo = await startDemoApp(sqlite);
  });
  after(() => demo.close());

  test("lists the editions with their front pages", async () => {
    const response = await demo.app.inject("/api/v1/editions");
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response
        .json()
        .editions.map((e: { code: string; name: string; default: boolean; url: string }) => [
          e.code,
          e.name,
          e.default,
          e.url,
        ]),
      [
        ["en", "English", true, "http://tribune.test/en/"],
        ["pt", "Português", false, "http://tribune.test/pt/"],
        ["es", "Español", false, "http://tribune.test/es/"],
      ],
    );
  });

  test("answers an unknown operation with a problem document, not the reader site's page", async () => {
    for (const [method, url] of [
      ["GET", "/api/nothing"],
      ["POST", "/api/v1/editions"],
      ["DELETE", "/api/v9/x?y=1"],
    ] as const) {
      const response = await demo.app.inject({ method, url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.headers["content-type"], PROBLEM_TYPE);
      const problem = response.json();
      assert.equal(problem.status, 404);
      assert.equal(problem.code, "NO_SUCH_OPERATION");
      assert.equal(problem.instance, url.split("?")[0]);
      assert.match(problem.detail, /openapi\.json/);
    }
  });

  test("publishes an OpenAPI 3.1 document in which every operation has an id, a summary and its errors", async () => {
    const response = await demo.app.inject("/api/openapi.json");
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, "3.1.0");
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    assert.ok(operations.length > 0);
    assert.ok(!Object.keys(document.paths).some((path) => path.includes("*")), "no catch-all documented");
    const ids = new Set<string>();
    for (const { path, method, operation } of operations) {
      const op = operation as { operationId?: string; summary?: string; responses?: Record<string, unknown> };
      assert.ok(op.operationId, `${method} ${path} has an operationId`);
      assert.ok(!ids.has(op.operationId), `${op.operationId} is unique`);
      ids.add(op.operationId);
      assert.ok(op.summary, `${method} ${path} has a summary`);
      assert.ok(
        Object.keys(op.responses ?? {}).some((status) => status.startsWith("4") || status.startsWith("5")),
        `${method} ${path} documents its errors`,
      );
    }
    assert.ok(document.components.schemas.Problem, "the problem document is a named schema");
  });

  test("documents the upload's multipart form, file field included, though the route streams it", async () => {
    const document = (await demo.app.inject("/api/openapi.json")).json();
    const upload = document.paths["/api/v1/media"].post;
    assert.deepEqual(Object.keys(upload.requestBody.content), ["multipart/form-data"]);
    const form = upload.requestBody.content["multipart/form-data"].schema;
    assert.deepEqual(form.required, ["file"]);
    assert.equal(form.properties.file.type, "string");
    assert.equal(form.properties.file.format, "binary");
    assert.ok(form.properties.credit, "the credit field");
    assert.ok(
      form.properties["caption.pt"] && form.properties["alt.pt"],
      "captions and alt texts per edition",
    );
  });

  test("serves its reference page and the page's own files from this site", async () => {
    const page = await demo.app.inject("/api/docs");
    assert.equal(page.statusCode, 200);
    const links = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
    assert.ok(links.length >= 4);
    for (const link of links) {
      assert.ok(link.startsWith("/api/docs/"), `${link} is served here, not by a CDN`);
      assert.equal((await demo.app.inject(link)).statusCode, 200, link);
    }
  });
});
