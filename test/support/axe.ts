import axe from "axe-core";
import type { Page } from "playwright-core";

/** One axe finding, flattened to what a person needs to find and fix it. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core in the page and returns every violation, whatever its impact. axe is evaluated
 * through the browser's devtools protocol rather than added as an inline script, which the site's
 * content security policy rightly refuses.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axe.source);
  // No named inner functions here: the callback is serialized and run in the page.
  return page.evaluate(async () => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const results = await engine.run(document, { resultTypes: ["violations"] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: String(violation.impact),
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(" "),
        summary: (node.failureSummary ?? "").replace(/\s+/g, " "),
      })),
    }));
  });
}

/** axeViolations() of serious and critical impact only. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const violations = await axeViolations(page);
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
