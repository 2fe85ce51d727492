// Lighthouse and axe-core over every page type of the reader site (`npm run audit`):
//
//   npm run audit                       every edition, at a phone's and a desktop's width
//   npm run audit -- --quick            the first edition, phone only (about a minute)
//   npm run audit -- --strict           exits 1 when a target is missed
//
// Starts the demo site on a fresh SQLite database in a temporary folder, finds each edition's front
// page, article, tag archive, author page, search results and "page" (bench/audit/audit-pages.ts;
// a type whose address answers 404 is skipped with a note), then measures each:
//   - Lighthouse (lighthouse@12's node API, system Chromium): performance, accessibility, best
//     practices, SEO; mobile emulation with simulated throttling, and the desktop preset;
//   - axe-core in playwright-core's Chromium at 390x844 and 1280x900, light and dark colour scheme;
//   - the article page's HTML and CSS bytes, uncompressed.
// Targets: 100 in every category, no axe violation of any impact, article HTML and CSS under 20 KB.
// Prints one table and every failure with its selector and help; writes bench-results/audit.json
// and audit.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { withBrowser } from "../test/support/browser.ts";
import { parsePage } from "../test/support/html.ts";
import { type AuditPage, findPages } from "./audit/audit-pages.ts";
import {
  type ArticleWeight,
  failureList,
  missedTargets,
  type PageResult,
  scoreTable,
  weightTable,
} from "./audit/audit-report.ts";
import { startAuditSite } from "./audit/audit-site.ts";
import { type AxeViewport, COLOR_SCHEMES, runAxe } from "./audit/axe-run.ts";
import { type LighthouseResult, runLighthouse, startDebuggableChromium } from "./audit/lighthouse-run.ts";

const RESULTS_DIR = "bench-results";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { quick: { type: "boolean", default: false }, strict: { type: "boolean", default: false } },
});
const viewports: AxeViewport[] = values.quick ? ["phone"] : ["phone", "desktop"];
const log = (line: string) => process.stderr.write(`${line}\n`);

const site = await startAuditSite();
try {
  const get = async (path: string) => {
    const response = await fetch(new URL(path, site.origin));
    return { status: response.status, body: await response.text() };
  };
  const editions = values.quick ? site.editions.slice(0, 1) : site.editions;
  const { pages, skipped } = await findPages(get, editions);
  for (const note of skipped) log(`skipped: ${note}`);

  const weights = await articleWeights(get, pages);
  const lighthouse = await lighthouseAll(site.origin, pages);
  const results = await withBrowser(async (browser) => {
    const all: PageResult[] = [];
    for (const page of pages) {
      for (const viewport of viewports) {
        const url = new URL(page.path, site.origin).href;
        log(`axe ${page.type} ${page.edition} ${viewport}`);
        const [light, dark] = await Promise.all(COLOR_SCHEMES.map((s) => runAxe(browser, url, viewport, s)));
        const measured = lighthouse.get(`${page.path} ${viewport}`);
        if (!measured || !light || !dark) throw new Error(`no result for ${page.path} ${viewport}`);
        all.push({ page, viewport, lighthouse: measured, axe: { light, dark } });
      }
    }
    return all;
  });

  const failures = failureList(results);
  const missed = missedTargets(results, weights);
  const report = [
    scoreTable(results),
    "",
    weightTable(weights),
    "",
    skipped.length > 0 ? `Skipped:\n${skipped.map((s) => `- ${s}`).join("\n")}\n` : "",
    failures.length > 0 ? `Failures:\n${failures.map((f) => `- ${f}`).join("\n")}` : "No failure.",
  ].join("\n");
  console.log(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, "audit.md"), `${report}\n`);
  writeFileSync(
    join(RESULTS_DIR, "audit.json"),
    `${JSON.stringify({ date: new Date().toISOString(), results, weights, skipped, missed }, null, 2)}\n`,
  );
  console.log(missed.length === 0 ? "\nEvery target met." : `\n${missed.length} targets missed.`);
  if (values.strict && missed.length > 0) process.exitCode = 1;
} finally {
  await site.close();
}

/** Lighthouse on every page, one run at a time (runs side by side would skew the timings). */
async function lighthouseAll(
  origin: string,
  pages: readonly AuditPage[],
): Promise<Map<string, LighthouseResult>> {
  const chromium = await startDebuggableChromium();
  try {
    const results = new Map<string, LighthouseResult>();
    for (const page of pages) {
      for (const viewport of viewports) {
        log(`lighthouse ${page.type} ${page.edition} ${viewport}`);
        const formFactor = viewport === "phone" ? "mobile" : "desktop";
        results.set(
          `${page.path} ${viewport}`,
          await runLighthouse(new URL(page.path, origin).href, chromium.port, formFactor),
        );
      }
    }
    return results;
  } finally {
    await chromium.close();
  }
}

/** Each edition's article page and its stylesheet, in bytes as sent before compression. */
async function articleWeights(
  get: (path: string) => Promise<{ status: number; body: string }>,
  pages: readonly AuditPage[],
): Promise<ArticleWeight[]> {
  const weights: ArticleWeight[] = [];
  for (const page of pages.filter((p) => p.type === "article")) {
    const html = (await get(page.path)).body;
    const sheets = [...parsePage(html).querySelectorAll('link[rel="stylesheet"]')];
    let cssBytes = 0;
    for (const sheet of sheets)
      cssBytes += Buffer.byteLength((await get(sheet.getAttribute("href") ?? "")).body);
    weights.push({ edition: page.edition, path: page.path, htmlBytes: Buffer.byteLength(html), cssBytes });
  }
  return weights;
}
