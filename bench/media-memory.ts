// What decoding uploads costs a worker: starts `tribune serve --workers 1` on a fresh SQLite database,
// with the allocator settings cluster workers get (src/cli/cluster.ts), signs a contributor in
// through the form, uploads 16 images in parallel through HTTP (one request each, as 16 browser tabs
// would), and prints the server's RSS before, its peak (the kernel's high-water mark, VmHWM) and
// after, with the answers' statuses.
//
//   node --import tsx bench/media-memory.ts [--format png] [--uploads 16] [--plain-malloc]
//
// `png` (the default) is the file of the hardening report: 7,700 × 5,160 (39.7 megapixels) of one
// colour, about 120 KB. The other formats are the costliest to decode, each at the largest size the
// library accepts for it (src/media/decode-budget.ts): `jpeg-progressive` (4:4:4), `png-interlaced`
// (16-bit RGBA), `webp` (lossless RGBA), `gif`, `tiff` (RGBA, 4096-pixel tiles), `avif` (RGBA).
// A worker's budget is 300 MB RSS (README, Performance); the run exits 1 when the peak passes it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import sharp, { type Sharp } from "sharp";
import { workerAllocatorEnv } from "../src/cli/cluster.ts";
import { pixelLimit } from "../src/media/decode-budget.ts";
import { waitFor200 } from "./speed/http.ts";
import { freePort, sleep, startTracked, stopProcess } from "./speed/processes.ts";

const BIN = fileURLToPath(new URL("../bin/tribune.js", import.meta.url));
const BUDGET_MB = 300;
const EMAIL = "contributor@example.org";
const PASSWORD = "memory bench password";

/** How each format is written, and in how many channels. */
const FORMATS: Record<string, { channels: 3 | 4; encode: (image: Sharp) => Sharp; type: string }> = {
  png: { channels: 3, encode: (image) => image.png({ compressionLevel: 9 }), type: "image/png" },
  "jpeg-progressive": {
    channels: 3,
    encode: (image) => image.jpeg({ progressive: true, chromaSubsampling: "4:4:4" }),
    type: "image/jpeg",
  },
  "png-interlaced": {
    channels: 4,
    encode: (image) => image.toColourspace("rgb16").png({ progressive: true }),
    type: "image/png",
  },
  webp: { channels: 4, encode: (image) => image.webp({ lossless: true, effort: 0 }), type: "image/webp" },
  gif: { channels: 3, encode: (image) => image.gif(), type: "image/gif" },
  tiff: {
    channels: 4,
    encode: (image) => image.tiff({ tile: true, tileWidth: 4096, tileHeight: 4096, compression: "deflate" }),
    type: "image/tiff",
  },
  avif: { channels: 4, encode: (image) => image.avif({ effort: 0 }), type: "image/avif" },
};

const { values } = parseArgs({
  options: {
    format: { type: "string", default: "png" },
    uploads: { type: "string", default: "16" },
    "plain-malloc": { type: "boolean", default: false },
  },
});
const uploads = Number(values.uploads);
const chosen = FORMATS[values.format];
if (!chosen) throw new Error(`--format: one of ${Object.keys(FORMATS).join(", ")}`);
const format = chosen;

/** The image to upload: the report's PNG, or the largest the library takes in the format. */
async function testImage(): Promise<{ data: Buffer; width: number; height: number }> {
  const draw = (width: number, height: number) =>
    format.encode(
      sharp({
        create: {
          width,
          height,
          channels: format.channels,
          background: { r: 40, g: 90, b: 160, alpha: 0.8 },
        },
        limitInputPixels: false,
      }),
    );
  if (values.format === "png") return { data: await draw(7700, 5160).toBuffer(), width: 7700, height: 5160 };
  // Big enough for one 4096-pixel tile: libvips refuses a TIFF whose tiles exceed the image.
  const side = values.format === "tiff" ? 4096 : 64;
  const sample = await draw(side, side).toBuffer();
  const metadata = await sharp(sample).metadata();
  const name = metadata.format === "heif" ? "avif" : (metadata.format ?? "");
  const { maxPixels } = pixelLimit(metadata, name);
  const width = Math.floor(Math.sqrt(maxPixels * 1.5));
  const height = Math.floor(maxPixels / width);
  return { data: await draw(width, height).toBuffer(), width, height };
}

/** A browser's cookies and the newsroom's CSRF token, enough to sign in and upload with fetch. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = "";
  constructor(readonly origin: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(`${this.origin}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }

  async page(path: string): Promise<string> {
    const response = await this.request(path);
    const html = await response.text();
    this.csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
    return html;
  }
}

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

const image = await testImage();
const dataDir = await mkdtemp(join(tmpdir(), "tribune-media-memory-"));
const port = await freePort();
const env = {
  PATH: process.env.PATH ?? "",
  DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${join(dataDir, "tribune.db")}`,
  PORT: String(port),
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
  // A worker's allocator settings (`--plain-malloc`: glibc's defaults, as a single process has them).
  ...(values["plain-malloc"] ? {} : workerAllocatorEnv(process.env)),
};
const addUser = ["user", "add", "--email", EMAIL, "--role", "contributor", "--password", PASSWORD];
execFileSync(process.execPath, [BIN, ...addUser], { env, stdio: "ignore" });
const server = startTracked(process.execPath, [BIN, "serve", "--workers", "1"], { env });
try {
  await waitFor200(port, "/healthz", 30_000);
  const pid = server.child.pid ?? 0;
  const browser = new Browser(`http://127.0.0.1:${port}`);
  await browser.page("/newsroom/sign-in");
  const signIn = await browser.request("/newsroom/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: browser.csrf }),
  });
  if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
  await browser.page("/newsroom/media");

  await sleep(1000);
  const before = memoryMb(pid);
  let sampledPeak = before.rss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, memoryMb(pid).rss);
  }, 20);
  const started = performance.now();
  // The same bytes under 16 names: 16 pictures, each decoded.
  const statuses = await Promise.all(
    Array.from({ length: uploads }, async (_, i) => {
      const form = new FormData();
      form.set("_csrf", browser.csrf);
      form.set("file", new Blob([new Uint8Array(image.data)], { type: format.type }), `upload-${i}`);
      const response = await browser.request("/newsroom/media", { method: "POST", body: form });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await sleep(2000);
  const after = memoryMb(pid);
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const { width, height } = image;
  console.log(
    `${uploads} parallel uploads of a ${width}×${height} ${values.format} (${((width * height) / 1e6).toFixed(1)} MP, ${Math.round(image.data.length / 1024)} KB) in ${seconds.toFixed(1)} s`,
  );
  console.log(`answers: ${[...counts].map(([status, n]) => `${n} × ${status}`).join(", ")}`);
  console.log(
    `server RSS: before ${before.rss.toFixed(0)} MB, peak ${after.peak.toFixed(0)} MB (sampled ${sampledPeak.toFixed(0)} MB), after ${after.rss.toFixed(0)} MB; budget ${BUDGET_MB} MB`,
  );
  process.exitCode = after.peak > BUDGET_MB ? 1 : 0;
} catch (error) {
  console.error(server.output());
  throw error;
} finally {
  await stopProcess(server.child);
  await rm(dataDir, { recursive: true, force: true });
}
