import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BEST_COMPRESSION, compressBody } from "../../http/compression.ts";
import { contentHash } from "../../http/hashed-asset.ts";

// The editor's browser code (TipTap and ProseMirror, ~400 KB before compression) is bundled by
// esbuild. The bundle is kept in data/build/newsroom/ (git-ignored, beside the default data
// directory) with a manifest naming every source file it was made from: a server start, or
// `npm run build:newsroom`, rebuilds it only when it is missing or older than one of them, so a fresh
// clone builds it once at the first `npm start` and test runs reuse it. When that folder cannot be
// written (a read-only install), the bundle built at start is served from memory all the same.
// Brotli and gzip versions are made with the bundle, at best quality (seconds for ~400 KB, once),
// and sent as they are: compressing per app start or per request would cost every page load that.

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ENTRIES = {
  editor: "src/newsroom/editor/client/editor.ts",
  "editor-styles": "src/newsroom/editor/client/editor.css",
};
const CLIENT_DIR = "src/newsroom/editor/client";
/** Where the bundle is cached; relative to the repository, not DATA_DIR: it belongs to the code. */
export const EDITOR_BUNDLE_DIR = join(REPO_ROOT, "data", "build", "newsroom");
const MANIFEST = "manifest.json";
const MANIFEST_VERSION = 2;

/** One built file, served at a URL named after its content. */
export interface BundleAsset {
  path: string;
  body: Buffer;
  type: string;
  /** The body compressed ahead of time, by content coding. */
  encoded: Record<ContentCoding, Buffer>;
  /** Part of the body's hash, for strong ETags (`"<hash>"`, `"<hash>-br"`). */
  hash: string;
}

export type ContentCoding = "br" | "gzip";

/** The files of a bundle: the script and the stylesheet, each also compressed. */
interface BundleFiles {
  js: Buffer;
  css: Buffer;
  "js.br": Buffer;
  "js.gz": Buffer;
  "css.br": Buffer;
  "css.gz": Buffer;
}

const FILE_NAMES: Record<keyof BundleFiles, string> = {
  js: "editor.js",
  css: "editor.css",
  "js.br": "editor.js.br",
  "js.gz": "editor.js.gz",
  "css.br": "editor.css.br",
  "css.gz": "editor.css.gz",
};

export interface EditorBundle {
  script: BundleAsset;
  stylesheet: BundleAsset;
  /** "cache" when read from EDITOR_BUNDLE_DIR, "built" when made now. */
  origin: "cache" | "built";
}

interface Manifest {
  version: number;
  /** When the build started (ms): any source changed after it makes the bundle stale. */
  builtAt: number;
  /** Source files of the repository the bundle was made from, relative to it. */
  inputs: string[];
}

/** Builds the bundle with esbuild, in memory, and compresses it. */
export async function buildEditorBundle(): Promise<{
  files: BundleFiles;
  inputs: string[];
  startedAt: number;
}> {
  const startedAt = Date.now();
  // Loaded only to build: a start that finds the bundle up to date never imports esbuild.
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox110", "safari16"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    outdir: "out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const js = result.outputFiles.find((file) => file.path.endsWith(".js"));
  const css = result.outputFiles.find((file) => file.path.endsWith(".css"));
  if (!js || !css) throw new Error("the editor bundle has no JavaScript or no CSS output");
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes("node_modules/"));
  // Dependencies change through the lock file (an upgrade rewrites it).
  inputs.push("package-lock.json");
  const script = Buffer.from(js.contents);
  const stylesheet = Buffer.from(css.contents);
  const [scriptBr, scriptGz, stylesheetBr, stylesheetGz] = await Promise.all([
    compressBody(script, "br", BEST_COMPRESSION),
    compressBody(script, "gzip", BEST_COMPRESSION),
    compressBody(stylesheet, "br", BEST_COMPRESSION),
    compressBody(stylesheet, "gzip", BEST_COMPRESSION),
  ]);
  return {
    files: {
      js: script,
      css: stylesheet,
      "js.br": scriptBr,
      "js.gz": scriptGz,
      "css.br": stylesheetBr,
      "css.gz": stylesheetGz,
    },
    inputs,
    startedAt,
  };
}

/**
 * The editor bundle, up to date: read from `dir` when every source is older than it, else built now
 * and written there for next time (atomically, so parallel starts never read half a file).
 */
export async function ensureEditorBundle(
  options: { dir?: string; force?: boolean; log?: (message: string) => void } = {},
): Promise<EditorBundle> {
  const dir = options.dir ?? EDITOR_BUNDLE_DIR;
  const cached = options.force ? undefined : await readFreshBundle(dir);
  if (cached) return assets(cached, "cache");
  const built = await buildEditorBundle();
  try {
    await writeBundle(dir, built);
  } catch (error) {
    options.log?.(
      `the newsroom editor bundle could not be kept in ${dir} (${error instanceof Error ? error.message : String(error)}); serving it from memory`,
    );
  }
  return assets(built.files, "built");
}

let shared: Promise<EditorBundle> | undefined;

/**
 * The bundle this process serves: ensureEditorBundle once, then the same answer to every caller (the
 * editor's routes, the translation desk's pages).
 */
export function editorBundle(options: { log?: (message: string) => void } = {}): Promise<EditorBundle> {
  shared ??= ensureEditorBundle(options).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function readFreshBundle(dir: string): Promise<BundleFiles | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Manifest;
    if (manifest.version !== MANIFEST_VERSION || !Array.isArray(manifest.inputs)) return undefined;
    // A new file in the client folder is stale news too, even before anything imports it.
    const clientFiles = (await readdir(join(REPO_ROOT, CLIENT_DIR), { recursive: true })).map((file) =>
      join(CLIENT_DIR, String(file)),
    );
    for (const input of new Set([...manifest.inputs, ...clientFiles])) {
      const modified = (await stat(join(REPO_ROOT, input))).mtimeMs;
      if (modified > manifest.builtAt) return undefined;
    }
    const keys = Object.keys(FILE_NAMES) as (keyof BundleFiles)[];
    const contents = await Promise.all(keys.map((key) => readFile(join(dir, FILE_NAMES[key]))));
    return Object.fromEntries(keys.map((key, index) => [key, contents[index]])) as unknown as BundleFiles;
  } catch {
    // Missing, unreadable or naming a file that is gone: build again.
    return undefined;
  }
}

async function writeBundle(
  dir: string,
  built: { files: BundleFiles; inputs: string[]; startedAt: number },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    builtAt: built.startedAt,
    inputs: built.inputs.map((input) => relative(REPO_ROOT, join(REPO_ROOT, input))),
  };
  const files: [string, Buffer | string][] = [
    ...(Object.keys(FILE_NAMES) as (keyof BundleFiles)[]).map((key): [string, Buffer] => [
      FILE_NAMES[key],
      built.files[key],
    ]),
    [MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`],
  ];
  // The manifest last: a reader that finds it finds the files it describes.
  for (const [name, content] of files) {
    const temporary = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(temporary, content);
    await rename(temporary, join(dir, name));
  }
}

function assets(files: BundleFiles, origin: EditorBundle["origin"]): EditorBundle {
  const hashed = (
    body: Buffer,
    encoded: Record<ContentCoding, Buffer>,
    extension: string,
    type: string,
  ): BundleAsset => {
    const hash = contentHash(body, 64);
    return {
      path: `/assets/newsroom-editor.${hash.slice(0, 12)}.${extension}`,
      body,
      type,
      encoded,
      hash: hash.slice(0, 22),
    };
  };
  return {
    script: hashed(
      files.js,
      { br: files["js.br"], gzip: files["js.gz"] },
      "js",
      "text/javascript; charset=utf-8",
    ),
    stylesheet: hashed(
      files.css,
      { br: files["css.br"], gzip: files["css.gz"] },
      "css",
      "text/css; charset=utf-8",
    ),
    origin,
  };
}
