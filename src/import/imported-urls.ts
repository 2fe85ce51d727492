import type { FastifyInstance } from "fastify";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { nowIso } from "../shared/validate.ts";
import type { OwnPaths } from "./own-paths.ts";

/**
 * The old site's links to imported posts answer 301 with the article's address here: its permalink
 * (`/2026/01/15/slug/`, `/pt/…/`, `/slug/`, as the import recorded it) and its short link
 * (`/?p=123`), and an imported page's likewise. Only paths ending in a slash outside the site's own
 * routes (`ownPaths`) and `?p=` links are looked up, and none at all while nothing imported has an old
 * link: the site's pages cost nothing more. A post renamed in Tribune afterwards still redirects: the
 * record names the article, not its slug (and the old slug is in the slug history).
 */
export function registerImportedUrlRedirects(
  app: FastifyInstance,
  deps: { db: Db; editions: Editions; urls: SiteUrls; events: ContentEvents; ownPaths: OwnPaths },
): void {
  const imported = new ImportedLinksFlag(deps.db, deps.events);
  app.addHook("onClose", () => imported.close());
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    const lookup = oldLinkOf(request.url);
    if (!lookup || ("path" in lookup && deps.ownPaths.owns(lookup.path))) return;
    if (!(await imported.any())) return;
    const target = await importedArticleUrl(deps, lookup);
    if (target && new URL(target).pathname !== request.url.split("?")[0]) {
      return reply.redirect(target, 301);
    }
  });
}

/**
 * Whether anything imported may have an old link, read once and kept. "None" is forgotten at the next
 * content change: an import announces what it writes (from another process, through the outbox),
 * and its first batch of posts is such a change. "Some" stays: import records are never deleted.
 */
class ImportedLinksFlag {
  #known: Promise<boolean> | undefined;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    events: ContentEvents,
  ) {
    this.#unsubscribe = events.subscribe(async () => {
      if (this.#known && !(await this.#known)) this.#known = undefined;
    });
  }

  any(): Promise<boolean> {
    this.#known ??= this.db
      .selectFrom("importItems")
      .select("sourceId")
      .where("kind", "in", ["post", "page"])
      .limit(1)
      .executeTakeFirst()
      .then((row) => row !== undefined)
      .catch((error) => {
        this.#known = undefined;
        throw error;
      });
    return this.#known;
  }

  close(): void {
    this.#unsubscribe();
  }
}

type OldLink = { postId: string } | { path: string };

/** What of a request's URL may be an old WordPress link; undefined for anything else. */
export function oldLinkOf(requestUrl: string): OldLink | undefined {
  // Read as a path and a query, never through new URL(): "//host/…" would be taken for a host.
  const [path = "/", search = ""] = requestUrl.split("?", 2);
  const query = new URLSearchParams(search);
  const p = query.get("p") ?? query.get("page_id");
  if ((path === "/" || path === "/index.php") && p && /^\d{1,18}$/.test(p)) return { postId: p };
  if (!path.endsWith("/") || path.startsWith("//") || path.length < 3 || path.length > 600) return undefined;
  // A date archive (/2026/01/ or /en/2026/01/15/) is the site's own.
  if (/^(?:\/[^/]+)?\/\d{4}\/\d{2}\/(?:\d{2}\/)?$/.test(path)) return undefined;
  // Recorded as the export wrote it: percent-encoded, as a browser sends it.
  return { path };
}

async function importedArticleUrl(
  deps: { db: Db; editions: Editions; urls: SiteUrls },
  link: OldLink,
): Promise<string | undefined> {
  const now = nowIso();
  const article = await deps.db
    .selectFrom("importItems")
    .innerJoin("articles", "articles.id", "importItems.tribuneId")
    .select(["articles.edition", "articles.slug", "articles.publishedAt"])
    .where("importItems.kind", "=", "post")
    .$if("postId" in link, (qb) => qb.where("importItems.sourceId", "=", "postId" in link ? link.postId : ""))
    .$if("path" in link, (qb) => qb.where("importItems.oldPath", "=", "path" in link ? link.path : ""))
    .where(visibleToReaders(now))
    .orderBy("importItems.importedAt", "desc")
    .executeTakeFirst();
  const edition = article ? deps.editions.find(article.edition) : undefined;
  if (article?.publishedAt && edition) {
    return deps.urls.absolute(edition, deps.urls.articlePath(edition, article.publishedAt, article.slug));
  }
  return importedPageUrl(deps, link);
}

async function importedPageUrl(
  deps: { db: Db; editions: Editions; urls: SiteUrls },
  link: OldLink,
): Promise<string | undefined> {
  const page = await deps.db
    .selectFrom("importItems")
    .innerJoin("pages", "pages.id", "importItems.tribuneId")
    .select(["pages.edition", "pages.slug"])
    .where("importItems.kind", "=", "page")
    .where("pages.status", "=", "published")
    .$if("postId" in link, (qb) => qb.where("importItems.sourceId", "=", "postId" in link ? link.postId : ""))
    .$if("path" in link, (qb) => qb.where("importItems.oldPath", "=", "path" in link ? link.path : ""))
    .orderBy("importItems.importedAt", "desc")
    .executeTakeFirst();
  const edition = page ? deps.editions.find(page.edition) : undefined;
  return page && edition ? deps.urls.absolute(edition, deps.urls.pagePath(page.slug)) : undefined;
}
