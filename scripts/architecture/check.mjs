// Holds an import graph to the rules of rules.mjs. Every breach is named file to file, so that the
// allow-list (allowed.json: today's breaches, to be worked off) can only shrink: a listed breach
// that is gone must leave the list, and a breach not on it fails the check.
import { packageName } from "./import-graph.mjs";
import * as defaultRules from "./rules.mjs";

/** `src/site/x.ts` → `site`; `src/app.ts` → `app`. */
export function folderOf(file) {
  const parts = file.split("/");
  return parts.length === 2 ? parts[1].replace(/\.\w+$/, "") : parts[1];
}

/** Every breach of the rules in `graph` (file → { files, packages }), as sorted lines. */
export function breaches(graph, rules = defaultRules) {
  const found = new Set();
  const layer = new Map(rules.LAYERS.map((name, index) => [name, index]));
  const governed = [...graph.keys()].filter((file) => !rules.EXEMPT.test(file));

  for (const file of governed) {
    const from = folderOf(file);
    if (!layer.has(from))
      found.add(`unplaced folder: ${from} (give it a layer in scripts/architecture/rules.mjs)`);
    const { files, packages } = graph.get(file);
    for (const target of files) {
      const to = folderOf(target);
      if (to !== from && layer.has(from) && layer.has(to) && layer.get(to) > layer.get(from)) {
        found.add(`upward import: ${file} -> ${target} (${from} is below ${to})`);
      }
      if (rules.CLIENT_CODE.test(target) && !rules.CLIENT_CODE.test(file)) {
        found.add(`server code imports browser code: ${file} -> ${target}`);
      }
      if (
        file.startsWith(rules.MIGRATIONS) &&
        !rules.MIGRATION_MAY_IMPORT.some((allowed) => target.startsWith(allowed))
      ) {
        found.add(`migration imports the code of today: ${file} -> ${target}`);
      }
    }
    for (const specifier of packages) {
      const name = packageName(specifier);
      if (rules.DATABASE_DRIVERS.includes(name) && from !== "db") {
        found.add(`database driver outside src/db: ${file} -> ${name}`);
      }
      const allowedInMigration = name.startsWith("node:") || rules.MIGRATION_PACKAGES.includes(name);
      if (file.startsWith(rules.MIGRATIONS) && !allowedInMigration) {
        found.add(`migration imports a package: ${file} -> ${name}`);
      }
    }
  }

  for (const [file, target] of readerPathsToNewsroom(graph, rules)) {
    found.add(`reader side reaches the newsroom: ${file} -> ${target}`);
  }
  return [...found].sort();
}

/**
 * Imports into the newsroom from any file the reader side reaches (directly or through other
 * folders): each is where a path from a reader page into the back office begins.
 */
function readerPathsToNewsroom(graph, rules) {
  const isReaderSide = (file) => rules.READER_SIDE.some((dir) => file.startsWith(`src/${dir}/`));
  const inNewsroom = (file) => file.startsWith(`src/${rules.NEWSROOM}/`);
  const reached = new Set();
  const pending = [...graph.keys()].filter((file) => isReaderSide(file) && !rules.EXEMPT.test(file));
  const entries = [];
  while (pending.length > 0) {
    const file = pending.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const target of graph.get(file)?.files ?? []) {
      if (inNewsroom(target)) entries.push([file, target]);
      else if (graph.has(target) && !reached.has(target)) pending.push(target);
    }
  }
  return entries;
}

/**
 * Compares the breaches with the allow-list: `unexpected` are new breaches (the build fails), `gone`
 * are listed ones that no longer happen (the build fails too, until the list loses them).
 */
export function compareWithAllowed(found, allowed) {
  const listed = new Set(allowed);
  const present = new Set(found);
  return {
    unexpected: found.filter((line) => !listed.has(line)),
    gone: allowed.filter((line) => !present.has(line)),
  };
}
