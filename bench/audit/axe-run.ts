// axe-core in playwright-core's Chromium, on each page at a phone's and a desktop's size, in the
// light and the dark colour scheme (the site follows prefers-color-scheme).
import type { Browser } from "playwright-core";
import { type AxeFinding, axeViolations } from "../../test/support/axe.ts";

export const AXE_VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;
export type AxeViewport = keyof typeof AXE_VIEWPORTS;
export const COLOR_SCHEMES = ["light", "dark"] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/** The violations of one page at one size in one colour scheme. */
export async function runAxe(
  browser: Browser,
  url: string,
  viewport: AxeViewport,
  colorScheme: ColorScheme,
): Promise<AxeFinding[]> {
  const context = await browser.newContext({ viewport: AXE_VIEWPORTS[viewport], colorScheme });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    return await axeViolations(page);
  } finally {
    await context.close();
  }
}
