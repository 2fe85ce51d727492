import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
/** The linter: the @redocly/cli devDependency (REDOCLY_CLI points elsewhere, to try another copy). */
const redocly = process.env.REDOCLY_CLI || join(root, "node_modules/.bin/redocly");

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location?: { pointer?: string }[];
}

const [sqlite] = testDatabases();

/** The document is made from the routes' schemas alone: one database says all there is to say. */
describe("the OpenAPI document", () => {
  let demo: DemoApp;
  let dir: string;
  before(async () => {
    assert.ok(sqlite);
    demo = await startDemoApp(sqlite);
    dir = await mkdtemp(join(tmpdir(), "tribune-openapi-"));
  });
  after(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("passes Redocly's recommended rules with no error", async (t) => {
    if (!existsSync(redocly)) {
      // A checkout without the devDependency installed cannot lint; CI must.
      if (/^(true|1)$/i.test(process.env.CI ?? "")) assert.fail(`${redocly} is missing: npm install`);
      t.skip(`${redocly} is missing: install @redocly/cli (npm install) to lint the document`);
      return;
    }
    const response = await demo.app.inject("/api/openapi.json");
    assert.equal(response.statusCode, 200);
    const file = join(dir, "openapi.json");
    await writeFile(file, response.body);
    // redocly exits 1 when it finds errors; its report on stdout says which.
    const output = await run(
      redocly,
      ["lint", "--format=json", `--config=${join(root, "redocly.yaml")}`, file],
      {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }));
    const report = JSON.parse(output.stdout) as { totals: { errors: number }; problems: LintProblem[] };
    const errors = report.problems
      .filter((problem) => problem.severity === "error")
      .map((problem) => `${problem.ruleId} at ${problem.location?.[0]?.pointer ?? "?"}: ${problem.message}`);
    assert.deepEqual(errors, [], "the linter finds no error");
    assert.equal(report.totals.errors, 0);
  });
});
