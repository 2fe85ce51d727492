// Anything outside XML 1.0's Char production: C0 controls but tab and line breaks, lone surrogates,
// U+FFFE and U+FFFF. No parser accepts them, escaped or not: one stray in a headline would make a
// whole feed or sitemap unreadable, so they are dropped. With the u flag a lone surrogate is one
// code point.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Character data: `&`, `<` and `>` escaped (`>` for `]]>`), forbidden characters dropped. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A double-quoted attribute value; tabs and line breaks as references so parsers keep them. */
export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
