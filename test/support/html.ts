import { parseHTML } from "linkedom";

/** A parsed page, for assertions on what a reader gets. */
export function parsePage(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** The page's visible text as one string (no head, scripts or styles), whitespace folded. */
export function visibleText(document: Document): string {
  const body = document.querySelector("body");
  if (!body) return "";
  const clone = body.cloneNode(true) as HTMLElement;
  for (const hidden of clone.querySelectorAll("script, style, template")) hidden.remove();
  return (clone.textContent ?? "").replace(/\s+/g, " ");
}

/**
 * Asserts that `parts` appear in `text` in this order; returns the first part missing or out of
 * order, or null when all are found in sequence.
 */
export function firstOutOfOrder(text: string, parts: readonly string[]): string | null {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at === -1) return part;
    from = at + part.length;
  }
  return null;
}
