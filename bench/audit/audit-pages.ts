// The pages the audit visits, one entry per page type: adding a type is one line in PAGE_TYPES.
import { parsePage } from "../../test/support/html.ts";

/** Fetches a path of the site and answers its status and body. */
export type Fetch = (path: string) => Promise<{ status: number; body: string }>;

/** What is known of an edition while its pages are found: the front page's first article leads to the rest. */
export interface EditionPages {
  edition: string;
  articlePath: string | null;
  article: Document | null;
}

export interface PageType {
  name: string;
  /** The page's path in the edition, or null when the site has none to offer. */
  path(pages: EditionPages): string | null;
  /** A selector the page must match to be worth auditing (search results, not "no results"). */
  expect?: string;
}

const ARTICLE_PATH = /^\/[a-z]{2}\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/;

function hrefOf(document: Document | null, selector: string, pattern?: RegExp): string | null {
  if (!document) return null;
  const links = [...document.querySelectorAll(selector)].map((a) => a.getAttribute("href") ?? "");
  return links.find((href) => (pattern ? pattern.test(href) : href !== "")) ?? null;
}

/** A word of the article's headline that its own search finds: the longest. */
function searchWord(article: Document | null): string | null {
  const title = article?.querySelector("main h1")?.textContent ?? "";
  const words = title.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length);
  return words[0] || null;
}

export const PAGE_TYPES: readonly PageType[] = [
  { name: "front", path: ({ edition }) => `/${edition}/` },
  { name: "article", path: ({ articlePath }) => articlePath },
  { name: "tag", path: ({ article }) => hrefOf(article, "main a", /\/tag\//) },
  { name: "author", path: ({ article }) => hrefOf(article, "main a", /\/author\//) },
  {
    name: "search",
    path: ({ edition, article }) => {
      const word = searchWord(article);
      return word ? `/${edition}/search?q=${encodeURIComponent(word)}` : null;
    },
    expect: ".search-results li",
  },
  // The footer's first page (the demo's about page, whatever its slug in the edition).
  { name: "page", path: ({ article }) => hrefOf(article, ".site-footer .footer-pages a") },
];

export interface AuditPage {
  type: string;
  edition: string;
  path: string;
}

/**
 * Every page type's address in each edition. A type without an address, or whose address answers
 * anything but 200 (a page type not built yet), is left out with a note in `skipped`.
 */
export async function findPages(
  fetch: Fetch,
  editions: readonly string[],
): Promise<{ pages: AuditPage[]; skipped: string[] }> {
  const pages: AuditPage[] = [];
  const skipped: string[] = [];
  for (const edition of editions) {
    const front = parsePage((await fetch(`/${edition}/`)).body);
    const articlePath = hrefOf(front, "main a", ARTICLE_PATH);
    const article = articlePath ? parsePage((await fetch(articlePath)).body) : null;
    for (const type of PAGE_TYPES) {
      const path = type.path({ edition, articlePath, article });
      const problem = path ? await whyNotAudited(fetch, path, type.expect) : "no address found";
      if (path && !problem) pages.push({ type: type.name, edition, path });
      else skipped.push(`${type.name} (${edition}): ${problem}`);
    }
  }
  return { pages, skipped };
}

async function whyNotAudited(fetch: Fetch, path: string, expect: string | undefined): Promise<string | null> {
  const { status, body } = await fetch(path);
  if (status !== 200) return `${path} answers ${status}`;
  if (expect && !parsePage(body).querySelector(expect)) return `${path} has no ${expect}`;
  return null;
}
