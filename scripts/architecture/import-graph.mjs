// The import graph of src/: which source file imports which (files and packages), read from the
// sources themselves. TypeScript 7's compiler has no JavaScript API for tools such as
// dependency-cruiser to parse with, and our imports are plain enough to read with patterns: every
// relative import names its file with its extension (`allowImportingTsExtensions`).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

/** Static imports and re-exports (`import … from "x"`, `export … from "x"`, `import "x"`). */
const STATIC_IMPORT =
  /(?:^|[;\n}])\s*(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']/g;
/** `import("x")` and `await import("x")`, with a literal specifier. */
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
/** `new URL("./x.mjs", import.meta.url)`: a file loaded by path (worker threads). */
const URL_IMPORT = /new\s+URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

/** Every source file below `dir`, relative to `root`, with `/` separators. */
export function sourceFiles(root, dir = "src") {
  const found = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(root, rel));
    else if (SOURCE.test(entry.name)) found.push(rel);
  }
  return found.sort();
}

/** The text without comments, so an import written in a comment's example does not count. */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * One file's imports: `files` are repository-relative paths of the source files it imports,
 * `packages` the bare specifiers (`node:fs`, `kysely`, `@fastify/cookie/…`).
 */
export function importsOf(root, file) {
  const text = withoutComments(readFileSync(path.join(root, file), "utf8"));
  const specifiers = new Set();
  for (const pattern of [STATIC_IMPORT, DYNAMIC_IMPORT, URL_IMPORT]) {
    for (const match of text.matchAll(pattern)) specifiers.add(match[1]);
  }
  const files = [];
  const packages = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith(".")) {
      files.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
    } else {
      packages.push(specifier);
    }
  }
  return { files, packages };
}

/** The whole graph: file → its imports. */
export function importGraph(root) {
  const graph = new Map();
  for (const file of sourceFiles(root)) graph.set(file, importsOf(root, file));
  return graph;
}

/** The package a specifier names: `@fastify/cookie/x` → `@fastify/cookie`, `pg/lib` → `pg`. */
export function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
