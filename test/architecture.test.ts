import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
// @ts-expect-error: plain JavaScript, run by `npm run check` before any compilation
import { breaches, compareWithAllowed } from "../scripts/architecture/check.mjs";
// @ts-expect-error: plain JavaScript (see above)
import { importGraph } from "../scripts/architecture/import-graph.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A throwaway repository holding `files` (path → text), its import graph read as the check reads it. */
function graphOf(files: Record<string, string>): Map<string, unknown> {
  const root = mkdtempSync(join(tmpdir(), "tribune-architecture-"));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return importGraph(root);
}
const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe("the layout's rules", () => {
  test("the repository keeps them, with no allowed breach that has gone", () => {
    const run = spawnSync(process.execPath, ["scripts/check-architecture.mjs"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /the layout's rules hold/);
  });

  test("an import from a lower folder into a higher one is a breach, named file to file", () => {
    const found = breaches(
      graphOf({
        "src/shared/ids.ts": 'import type { Db } from "../db/database.ts";\nexport const x = 1;',
        "src/db/database.ts": 'import { x } from "../shared/ids.ts";\nexport type Db = typeof x;',
      }),
    );
    assert.deepEqual(found, ["upward import: src/shared/ids.ts -> src/db/database.ts (shared is below db)"]);
  });

  test("imports over several lines, re-exports and dynamic imports all count", () => {
    const found = breaches(
      graphOf({
        "src/shared/a.ts":
          'import {\n  type B,\n  c,\n} from "../site/b.ts";\nexport * from "../newsroom/n.ts";',
        "src/shared/d.ts": 'const m = await import("../cache/m.ts");',
        "src/site/b.ts": "export const c = 1;",
        "src/newsroom/n.ts": "export const n = 1;",
        "src/cache/m.ts": "// import x from '../newsroom/n.ts' in a comment does not count\nexport {};",
      }),
    );
    assert.deepEqual(found, [
      "upward import: src/shared/a.ts -> src/newsroom/n.ts (shared is below newsroom)",
      "upward import: src/shared/a.ts -> src/site/b.ts (shared is below site)",
      "upward import: src/shared/d.ts -> src/cache/m.ts (shared is below cache)",
    ]);
  });

  test("the reader side may not reach the newsroom even through a folder below it", () => {
    const found = breaches(
      graphOf({
        "src/site/page.tsx": 'import { f } from "../comments/c.ts";',
        "src/comments/c.ts": 'import { p } from "../newsroom/policy.ts";\nexport const f = p;',
        "src/newsroom/policy.ts": "export const p = 1;",
      }),
    );
    assert.ok(
      found.includes("reader side reaches the newsroom: src/comments/c.ts -> src/newsroom/policy.ts"),
    );
  });

  test("drivers stay in src/db, migrations use no feature code, server code no browser code", () => {
    const found = breaches(
      graphOf({
        "src/articles/a.ts": 'import SQLite from "better-sqlite3";\nimport pg from "pg";',
        "src/db/migrations/0001-x.ts":
          'import { sql } from "kysely";\nimport { slug } from "../../shared/slug.ts";',
        "src/db/migrations/0002-y.ts": 'import sharp from "sharp";',
        "src/shared/slug.ts": "export const slug = 1;",
        "src/newsroom/page.ts": 'import { open } from "./client/dialog.ts";',
        "src/newsroom/client/dialog.ts":
          'import { slug } from "../../shared/slug.ts";\nexport const open = slug;',
        "src/tests/a.test.ts": 'import pg from "pg";',
      }),
    );
    assert.deepEqual(found, [
      "database driver outside src/db: src/articles/a.ts -> better-sqlite3",
      "database driver outside src/db: src/articles/a.ts -> pg",
      "migration imports a package: src/db/migrations/0002-y.ts -> sharp",
      "migration imports the code of today: src/db/migrations/0001-x.ts -> src/shared/slug.ts",
      "server code imports browser code: src/newsroom/page.ts -> src/newsroom/client/dialog.ts",
    ]);
  });

  test("a folder without a layer is a breach until it is given one", () => {
    assert.deepEqual(breaches(graphOf({ "src/widgets/w.ts": "export {};" })), [
      "unplaced folder: widgets (give it a layer in scripts/architecture/rules.mjs)",
    ]);
  });

  test("the allow-list only shrinks: new breaches and listed ones that are gone both fail", () => {
    assert.deepEqual(compareWithAllowed(["a", "c"], ["a", "b"]), { unexpected: ["c"], gone: ["b"] });
    assert.deepEqual(compareWithAllowed(["a"], ["a"]), { unexpected: [], gone: [] });
  });
});
