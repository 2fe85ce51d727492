#!/usr/bin/env node
// `npm run check:architecture` (part of `npm run check`): the layout's rules (scripts/architecture/
// rules.mjs, explained in ARCHITECTURE.md) against the imports of src/.
//
//   node scripts/check-architecture.mjs            fails on any breach not in allowed.json, and on
//                                                  any breach allowed.json lists that is gone
//   node scripts/check-architecture.mjs --update   rewrites allowed.json, but only ever to shrink it
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { breaches, compareWithAllowed } from "./architecture/check.mjs";
import { importGraph } from "./architecture/import-graph.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const allowedFile = path.join(root, "scripts/architecture/allowed.json");
const allowed = JSON.parse(readFileSync(allowedFile, "utf8"));
const found = breaches(importGraph(root));
const { unexpected, gone } = compareWithAllowed(found, allowed);

if (unexpected.length > 0) {
  console.error(
    `Architecture: ${unexpected.length} import(s) break the layout's rules (see ARCHITECTURE.md):`,
  );
  for (const line of unexpected) console.error(`  ${line}`);
}
if (gone.length > 0 && process.argv.includes("--update")) {
  writeFileSync(
    allowedFile,
    `${JSON.stringify(
      found.filter((line) => allowed.includes(line)),
      null,
      2,
    )}\n`,
  );
  console.log(
    `Architecture: ${gone.length} breach(es) fixed, removed from scripts/architecture/allowed.json.`,
  );
} else if (gone.length > 0) {
  console.error(
    `Architecture: ${gone.length} allowed breach(es) no longer happen; take them off ` +
      "scripts/architecture/allowed.json (or run it with --update):",
  );
  for (const line of gone) console.error(`  ${line}`);
}
if (unexpected.length > 0 || (gone.length > 0 && !process.argv.includes("--update"))) process.exit(1);
console.log(`Architecture: the layout's rules hold (${found.length} allowed breach(es) left to remove).`);
