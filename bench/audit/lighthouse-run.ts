// Lighthouse through its node API, driving the system Chromium that the audit starts itself with a
// remote-debugging port. Mobile is Lighthouse's default (a phone-sized screen, simulated slow 4G and
// a 4x slower CPU: the honest mobile figure); desktop is its desktop preset.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse, { desktopConfig } from "lighthouse";
import { chromiumArgs, chromiumPath } from "../../test/support/browser.ts";
import { freePort, startTracked, stopProcess } from "../speed/processes.ts";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type Category = (typeof CATEGORIES)[number];
export type FormFactor = "mobile" | "desktop";

/** One audit that kept a category from 100, with where on the page it applies. */
export interface LighthouseFailure {
  category: Category;
  id: string;
  title: string;
  /** Lighthouse's explanation, its markdown links kept. */
  description: string;
  displayValue: string;
  /** Selectors or URLs of the offending items, a few at most. */
  items: string[];
}

export interface LighthouseResult {
  scores: Record<Category, number | null>;
  failures: LighthouseFailure[];
}

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile and waits until its devtools endpoint answers. */
export async function startDebuggableChromium(): Promise<DebuggableChromium> {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), "tribune-audit-chromium-"));
  const started = startTracked(chromiumPath(), [
    ...chromiumArgs,
    `--remote-debugging-port=${port}`,
    `--user-data-dir=${profile}`,
    "about:blank",
  ]);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`Chromium did not open its devtools port:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    close: async () => {
      await stopProcess(started.child);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Runs Lighthouse's four categories on `url` as a phone or a desktop sees it. */
export async function runLighthouse(
  url: string,
  port: number,
  formFactor: FormFactor,
): Promise<LighthouseResult> {
  const flags = {
    port,
    output: "json" as const,
    logLevel: "error" as const,
    onlyCategories: [...CATEGORIES],
  };
  const runner = await lighthouse(url, flags, formFactor === "desktop" ? desktopConfig : undefined);
  const lhr = runner?.lhr;
  if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(
    CATEGORIES.map((category) => {
      const score = lhr.categories[category]?.score;
      return [category, typeof score === "number" ? Math.round(score * 100) : null];
    }),
  ) as Record<Category, number | null>;
  const failures = CATEGORIES.flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? []).flatMap((ref) => {
      const audit = lhr.audits[ref.id];
      // Only what counts towards the score: diagnostics of weight 0 do not keep it from 100.
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) return [];
      if (["notApplicable", "manual", "informative"].includes(audit.scoreDisplayMode)) return [];
      return [
        {
          category,
          id: audit.id,
          title: audit.title,
          description: audit.description,
          displayValue: audit.displayValue ?? "",
          items: itemsOf(audit.details),
        },
      ];
    }),
  );
  return { scores, failures };
}

/** The offending elements (by selector) or resources (by URL) of an audit's details table. */
function itemsOf(details: unknown): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items ?? [];
  return items.slice(0, 5).flatMap((item) => {
    const { node, url, source } = item as { node?: { selector?: string }; url?: string; source?: unknown };
    const named = node?.selector ?? url ?? (typeof source === "string" ? source : undefined);
    return named ? [named] : [];
  });
}
