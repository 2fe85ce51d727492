// What the hostile-input suites share: values that broke sites before, the mark that would run if
// a page echoed input as markup, a browser's way of encoding text, and the check for live markup.

import type { LightMyRequestResponse } from "fastify";
import { parsePage } from "./html.ts";

/** What would run if a page echoed input as markup: a name no page defines, so it is easy to find. */
export const MARK = "zqxhostile";

/** Values that broke real sites, or this one, before. */
export const KNOWN_BAD = [
  "",
  " ",
  "0",
  "-1",
  "1.5",
  "1e309",
  "NaN",
  "2147483647",
  "2147483648",
  "4294967296",
  "9007199254740993",
  "99999999999999999999",
  "0x10",
  "\u0000",
  "a\u0000b",
  "%00",
  "%",
  "%zz",
  "%c0%ae",
  "%ff",
  "\uD800",
  "\u202Eevil",
  "../../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "//evil.example/",
  "https://evil.example/",
  "/\\evil.example",
  "javascript:zqxhostile()",
  `<script>${MARK}()</script>`,
  `"><img src=x onerror=${MARK}()>`,
  `'><svg onload=${MARK}()>`,
  `</title><script>${MARK}()</script>`,
  `]]><script>${MARK}()</script>`,
  "'; drop table articles; --",
  "1' or '1'='1",
  "{{constructor.constructor('x')()}}",
  "2026-02-30",
  "2026-13-01",
  "9999-12-31",
  "2026-01-01T00:00:00.000Z_2147483648",
  "2026-01-01T00:00:00.000Z_0",
  "2026-01-01T00:00:00.000Z_99999999999",
  "x".repeat(5_000),
  "رفع العقوبات",
  "中文",
  "\u{1F4A5}",
];

/** A lone surrogate becomes U+FFFD, as browsers do before they encode text. */
export const wellFormed = (value: string) =>
  value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
export const q = (value: string) => encodeURIComponent(wellFormed(value));
/**
 * Raw into a path segment: some values are meant to arrive undecoded ("%00", "%c0%ae"). A
 * backslash is sent encoded: light-my-request parses the path as a WHATWG URL, where a leading "/\"
 * would be an empty host (browsers, for the same reason, never send one).
 */
export const raw = (value: string) => wellFormed(value).replace(/[\s#?\\]/g, (c) => q(c));

/** Markup that would run: an element or attribute carrying the mark, or a javascript: link with it. */
export function liveMarkup(response: LightMyRequestResponse): string | null {
  const type = String(response.headers["content-type"] ?? "");
  const body = response.body;
  if (!body.includes(MARK)) return null;
  if (/html/.test(type)) {
    const document = parsePage(body);
    for (const script of document.querySelectorAll("script")) {
      if ((script.textContent ?? "").includes(MARK)) return "a script with the mark";
    }
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on") && attribute.value.includes(MARK)) return `an ${name} attribute`;
        if (/^(href|src|action|formaction)$/.test(name) && /^\s*javascript:/i.test(attribute.value)) {
          return `a javascript: ${name}`;
        }
      }
    }
    return null;
  }
  if (/xml/.test(type)) {
    // In XML every < of what was sent is escaped, or inside CDATA, which readers show as text.
    const outsideCdata = body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
    return /<(script|img|svg)\b[^>]*zqxhostile/i.test(outsideCdata) ? "an unescaped element in XML" : null;
  }
  if (/json/.test(type)) return null;
  return /<(script|img|svg)\b/i.test(body) ? `markup with the mark in ${type || "an untyped answer"}` : null;
}
