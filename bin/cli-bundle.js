// A fast start for bin/tribune.js: the CLI and everything it imports from src/ as one esbuild
// bundle, run by plain Node, instead of some 270 TypeScript modules each resolved and compiled
// through tsx's loader thread. That is about 0.5 s of CPU to the first answer instead of 1.3 s
// (`npm run bench` measures the cold start). The bundle is kept in data/build/cli/ (git-ignored)
// with a manifest of the source files it was made from, and made again, in well under a second,
// whenever one of them is newer: there is still no build step between a change and a run.
// TRIBUNE_TSX=1 skips it and runs the sources through tsx.

import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRY = "src/cli/main.ts";
const DIR = join(ROOT, "data", "build", "cli");
const BUNDLE = join(DIR, "main.mjs");
const MANIFEST = join(DIR, "manifest.json");
const VERSION = 2;

/**
 * Runs the CLI from the bundle, making it first when missing or stale. Resolves false, having run
 * nothing, when no bundle can be had (then the caller runs the sources through tsx).
 */
export async function runBundledCli() {
  if (process.env.TRIBUNE_TSX === "1") return false;
  let fresh = await isFresh();
  if (!fresh) {
    try {
      await buildBundle();
      fresh = true;
    } catch (error) {
      if (process.env.TRIBUNE_DEBUG_BUNDLE) console.error("tribune: no CLI bundle:", error);
      return false;
    }
  }
  // Stack traces point into src/, through the bundle's source map.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(BUNDLE).href);
  return true;
}

async function isFresh() {
  try {
    const manifest = JSON.parse(await readFile(MANIFEST, "utf8"));
    if (manifest.version !== VERSION || !Array.isArray(manifest.inputs)) return false;
    const times = await Promise.all(
      manifest.inputs.map(async (file) => (await stat(join(ROOT, file))).mtimeMs),
    );
    return times.every((time) => time < manifest.builtAt);
  } catch {
    return false;
  }
}

async function buildBundle() {
  const { build, stop } = await import("esbuild");
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // node_modules are imported as they are, at run time, but for a few (see INLINED).
    jsx: "automatic",
    jsxImportSource: "preact",
    sourcemap: "linked",
    sourcesContent: false,
    write: false,
    outfile: BUNDLE,
    metafile: true,
    logLevel: "silent",
    plugins: [keepModuleUrls, externalPackages],
  });
  // esbuild's service process would otherwise live as long as this one (some 50 MB for nothing).
  await stop();
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes("node_modules/"))
    .concat("package-lock.json", relative(ROOT, fileURLToPath(import.meta.url)));
  await mkdir(DIR, { recursive: true });
  // Written under other names and renamed, so that a process starting meanwhile never reads half.
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) await writeFile(file.path + suffix, file.contents);
  for (const file of result.outputFiles) await rename(file.path + suffix, file.path);
  await writeFile(MANIFEST + suffix, JSON.stringify({ version: VERSION, builtAt, inputs }));
  await rename(MANIFEST + suffix, MANIFEST);
}

/**
 * Packages made of hundreds of small ES modules, which Node resolves and links one by one at every
 * start (typebox alone took 150 ms, its compiler 250 ms more, kysely 100 ms): bundled, they load in
 * some 10 ms each. Pure JavaScript that reads no file of its own. Whatever imports one of them is
 * bundled too, so that no second copy of it is loaded beside the bundle's. Every other package
 * (native addons, files read beside the code, CommonJS) stays as it is in node_modules.
 */
const INLINED = new Set(["typebox", "@fastify/type-provider-typebox", "kysely"]);

/** The package an import names: `kysely`, `typebox/compile` → `typebox`, `@scope/name/x` → `@scope/name`. */
function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      INLINED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Modules read files beside them (`new URL("./assets/site.css", import.meta.url)`): in the bundle,
 * each keeps the URL of its own source file.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const url = JSON.stringify(pathToFileURL(resolve(args.path)).href);
      return {
        contents: source.replaceAll("import.meta.url", url),
        loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
      };
    });
  },
};
