// The audit's figures as one table, the list of what failed (grouped: the same problem on many
// pages is listed once, with the pages), and whether every target was met.
import type { AxeFinding } from "../../test/support/axe.ts";
import type { AuditPage } from "./audit-pages.ts";
import type { AxeViewport, ColorScheme } from "./axe-run.ts";
import { CATEGORIES, type LighthouseResult } from "./lighthouse-run.ts";

/** The article page's HTML and its stylesheet must each stay under this many bytes, uncompressed. */
export const MAX_ARTICLE_BYTES = 20 * 1024;

export interface PageResult {
  page: AuditPage;
  viewport: AxeViewport;
  lighthouse: LighthouseResult;
  axe: Record<ColorScheme, AxeFinding[]>;
}

export interface ArticleWeight {
  edition: string;
  path: string;
  htmlBytes: number;
  cssBytes: number;
}

const SHORT: Record<(typeof CATEGORIES)[number], string> = {
  performance: "perf",
  accessibility: "a11y",
  "best-practices": "bp",
  seo: "seo",
};

/** The table: page type × edition × viewport, four scores, axe violations in light and dark. */
export function scoreTable(results: readonly PageResult[]): string {
  const header = ["page", "edition", "viewport", ...CATEGORIES.map((c) => SHORT[c]), "axe light", "axe dark"];
  const rows = results.map((r) => [
    r.page.type,
    r.page.edition,
    r.viewport,
    ...CATEGORIES.map((c) => String(r.lighthouse.scores[c] ?? "-")),
    String(r.axe.light.length),
    String(r.axe.dark.length),
  ]);
  return markdownTable(header, rows);
}

export function weightTable(weights: readonly ArticleWeight[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return markdownTable(
    ["article page", "HTML", "CSS"],
    weights.map((w) => [w.path, kb(w.htmlBytes), kb(w.cssBytes)]),
  );
}

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Every failing Lighthouse audit and axe violation once, with the pages where it was found. */
export function failureList(results: readonly PageResult[]): string[] {
  const found = new Map<string, { text: string; where: Set<string> }>();
  const note = (key: string, text: string, where: string) => {
    const entry = found.get(key) ?? { text, where: new Set<string>() };
    entry.where.add(where);
    found.set(key, entry);
  };
  for (const r of results) {
    const where = `${r.page.type} ${r.page.edition} ${r.viewport}`;
    for (const f of r.lighthouse.failures) {
      const value = f.displayValue ? ` (${f.displayValue})` : "";
      const items = f.items.map((item) => `\n    at ${item}`).join("");
      note(
        `lh:${f.id}:${f.items.join()}`,
        `Lighthouse ${f.category}: ${f.id}: ${f.title}. ${firstSentence(f.description)}${items}`,
        `${where}${value}`,
      );
    }
    for (const scheme of ["light", "dark"] as const) {
      for (const v of r.axe[scheme]) {
        const nodes = v.nodes.map((n) => `\n    at ${n.target}: ${n.summary}`).join("");
        note(
          `axe:${v.id}:${v.nodes.map((n) => n.target).join()}`,
          `axe ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>${nodes}`,
          `${where} ${scheme}`,
        );
      }
    }
  }
  return [...found.values()].map(({ text, where }) => `${text}\n    on: ${[...where].join(", ")}`);
}

function firstSentence(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\(([^)]*)\)/g, "$1 <$2>").split(/(?<=\.)\s/)[0] ?? "";
}

/** What keeps the site from its targets: a score under 100, an axe violation, an article too heavy. */
export function missedTargets(results: readonly PageResult[], weights: readonly ArticleWeight[]): string[] {
  const missed: string[] = [];
  for (const r of results) {
    const where = `${r.page.type} ${r.page.edition} ${r.viewport}`;
    for (const c of CATEGORIES) {
      const score = r.lighthouse.scores[c];
      if (score !== 100) missed.push(`${where}: ${c} ${score ?? "not measured"}`);
    }
    const violations = r.axe.light.length + r.axe.dark.length;
    if (violations > 0) missed.push(`${where}: ${violations} axe violations`);
  }
  for (const w of weights) {
    if (w.htmlBytes >= MAX_ARTICLE_BYTES) missed.push(`${w.path}: ${w.htmlBytes} bytes of HTML`);
    if (w.cssBytes >= MAX_ARTICLE_BYTES) missed.push(`${w.path}: ${w.cssBytes} bytes of CSS`);
  }
  return missed;
}
