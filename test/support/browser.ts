// Browser harness for *.browser.test.ts files: the system Chromium driven by playwright-core
// (no downloaded browsers; `npx playwright install` does not work here).
//
//   browserTest("front page renders", async () => {
//     await withPage(async (page) => {
//       await page.goto(url);
//       await saveScreenshot(page, "front-page");
//     });
//   });
//
// scripts/run-tests.mjs sets CHROMIUM_PATH when it finds a browser and leaves browser files out when
// it finds none; run directly, browserTest() skips with a reason instead (or fails, under CI=true).

import assert from "node:assert/strict";
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import test, { type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { seriousAxeViolations } from "./axe.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const screenshotDir = path.join(repoRoot, "test-artifacts", "screenshots");

/** Flags for a quiet, sandbox-less headless Chromium that talks to nothing but the pages it is sent to. */
export const chromiumArgs: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Default timeout for page actions and navigations in withPage(), in ms. Only a failing wait lasts
 * this long; it is generous because test files run side by side on a machine of two cores, where a
 * page as heavy as Swagger UI's once took over 5 s to load.
 */
export const pageTimeoutMs = 15_000;

const launchTimeoutMs = 20_000;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

function isCI(): boolean {
  return /^(true|1)$/i.test(process.env.CI ?? "");
}

/** True when the Chromium at chromiumPath() exists and is executable. */
export function browserAvailable(): boolean {
  try {
    const file = chromiumPath();
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function unavailableReason(): string {
  return `no Chromium: ${chromiumPath()} is missing (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/**
 * Launches Chromium, hands it to `fn`, and closes it whatever happens. Each launch gets a fresh
 * temporary profile (user-data-dir), which playwright creates and deletes on close.
 */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  if (!browserAvailable()) throw new Error(unavailableReason());
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumArgs],
    timeout: launchTimeoutMs,
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** withBrowser() plus a fresh context and page whose actions time out after pageTimeoutMs. */
export async function withPage<T>(fn: (page: Page, browser: Browser) => Promise<T>): Promise<T> {
  return withBrowser(async (browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(pageTimeoutMs);
      page.setDefaultNavigationTimeout(pageTimeoutMs);
      return await fn(page, browser);
    } finally {
      await context.close();
    }
  });
}

/** Saves a full-page PNG at test-artifacts/screenshots/<name>.png and returns its absolute path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const safeName = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "") || "screenshot";
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${safeName}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface BrowserTestOptions {
  /** Whole-test timeout in ms (default 30 s). */
  timeout?: number;
}

/**
 * A node:test test that needs Chromium: skipped with a reason when there is none, except under
 * CI=true, where a missing browser fails the test instead.
 */
export function browserTest(
  name: string,
  fn: (t: TestContext) => Promise<void>,
  options: BrowserTestOptions = {},
): Promise<void> {
  const available = browserAvailable();
  const skip = !available && !isCI() ? unavailableReason() : false;
  return test(name, { skip, timeout: options.timeout ?? 30_000 }, async (t) => {
    if (!available) throw new Error(`CI=true but ${unavailableReason()}`);
    await fn(t);
  });
}

/**
 * Collects what a page complains about (CSP refusals, script errors), each with the page's URL; with
 * `failedLoads`, responses of 400 and above too (the browser's own favicon request aside). Tests
 * that expect error statuses (a 403, a 410) leave those out. Pass `into` to gather several pages'.
 */
export function watchConsole(page: Page, options: { failedLoads?: boolean; into?: string[] } = {}): string[] {
  const problems = options.into ?? [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`${page.url()}: ${message.text()}`);
  });
  if (options.failedLoads) {
    page.on("response", (response) => {
      if (response.status() >= 400 && !response.url().endsWith("/favicon.ico"))
        problems.push(`${response.status()} ${response.url()}`);
    });
  }
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/**
 * Opens `next` in the newsroom, is sent to the sign-in form, signs in as `user` and waits to be back
 * on `next` (its path: a query may be dropped on the way).
 */
export async function signInThroughForm(
  page: Page,
  origin: string,
  user: { email: string; password: string },
  next: string,
): Promise<void> {
  await page.goto(`${origin}${next}`);
  await page.waitForURL(/\/newsroom\/sign-in/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next.split("?")[0]);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Screenshots of the page at phone and desktop widths (ending at desktop), each checked for
 * sideways scrolling, and the page checked for serious accessibility faults.
 */
export async function checkBothWidths(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousAxeViolations(page), [], `${name} has serious accessibility faults`);
  for (const [width, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at ${width} width`);
    await saveScreenshot(page, `${name}-${width}`);
  }
}
