import assert from "node:assert/strict";
import { test } from "node:test";
import { testConfig, testDatabases } from "../../test/support/databases.ts";
import { parsePage } from "../../test/support/html.ts";
import { buildApp } from "../app.ts";

test("a failure behind a reader page answers a localized 500 page without internals", async () => {
  const [sqlite] = testDatabases();
  assert.ok(sqlite);
  const database = await sqlite.open();
  const app = await buildApp({ config: testConfig, database });
  // The database going away mid-flight is the failure a reader could meet.
  await database.db.destroy();
  const response = await app.inject("/pt/");
  assert.equal(response.statusCode, 500);
  assert.equal(response.headers["cache-control"], "no-store");
  const document = parsePage(response.body);
  assert.equal(document.documentElement.getAttribute("lang"), "pt-BR");
  assert.equal(document.querySelector("h1")?.textContent, "Algo deu errado");
  assert.doesNotMatch(response.body, /driver has already been destroyed|at .*\.ts:\d+/i);
  await app.close();
});
