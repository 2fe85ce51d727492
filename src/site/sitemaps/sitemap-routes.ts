import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import {
  pagesSitemapKey,
  STATIC_KEY,
  setSurrogateKeys,
  sitemapKey,
  sitemapMonthKey,
} from "../../cache/surrogate-keys.ts";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { PageService } from "../../pages/page-service.ts";
import { NoQuery } from "../route-schemas.ts";
import { pageSitemapUrls } from "./page-sitemap.ts";
import { SitemapService } from "./sitemap-service.ts";
import { newsSitemapXml, type SitemapReference, sitemapIndexXml, urlSetXml } from "./sitemap-xml.ts";

export interface SitemapDependencies {
  db: Db;
  editions: Editions;
  urls: SiteUrls;
  /** The publication's name in an edition (news sitemaps): the settings' name, read each time. */
  siteNameFor: (edition: Edition) => string;
  /** The main host's base URL: the sitemaps live there, whichever host an edition uses. */
  publicUrl: string;
  /** URLs in one sitemap file before a month is split (50,000 unless a test wants fewer). */
  urlsPerFile?: number | undefined;
}

/** Private areas to come; everything else of the reader site is for crawlers. */
const DISALLOWED = ["/newsroom", "/api/admin"];
const XML = "application/xml; charset=utf-8";
// Crawlers come back often; a minute matches the reader pages. A cache in front keeps them five,
// purged when what they list changes.
const CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=30";

/**
 * `/robots.txt`, the sitemap index `/sitemap.xml`, month sitemaps `/sitemaps/{edition}-{yyyy}-{mm}.xml`
 * (then `-2.xml`, `-3.xml`… when a month exceeds one file) and Google News sitemaps
 * `/sitemaps/news-{edition}.xml`, and each edition's pages (about, contact…) in
 * `/sitemaps/pages-{edition}.xml` when it has published ones. They answer on every host, and always name the main host's files:
 * the robots.txt of an edition on its own host points there, which lets the main host's sitemaps
 * list that edition's URLs (cross-host submission).
 */
export function registerSitemapRoutes(plainApp: FastifyInstance, deps: SitemapDependencies): void {
  const app = plainApp.withTypeProvider<TypeBoxTypeProvider>();
  const service = new SitemapService(deps.db, deps.editions, deps.urls, { urlsPerFile: deps.urlsPerFile });
  const pages = new PageService(deps.db);
  const origin = new URL(deps.publicUrl).origin;
  const indexUrl = `${origin}/sitemap.xml`;
  const fileUrl = (name: string) => `${origin}/sitemaps/${name}`;
  const xml = (reply: FastifyReply, body: string) =>
    reply.type(XML).header("cache-control", CACHE).send(body);

  const files = { schema: { querystring: NoQuery } };
  app.get("/robots.txt", files, async (_request, reply) => {
    const rules = ["User-agent: *", ...DISALLOWED.map((path) => `Disallow: ${path}`)];
    setSurrogateKeys(reply, [STATIC_KEY]);
    return reply
      .type("text/plain; charset=utf-8")
      .header("cache-control", CACHE)
      .send(`${rules.join("\n")}\n\nSitemap: ${indexUrl}\n`);
  });

  app.get("/sitemap.xml", files, async (_request, reply) => {
    setSurrogateKeys(
      reply,
      deps.editions.all.flatMap((edition) => [sitemapKey(edition.code), pagesSitemapKey(edition.code)]),
    );
    const parts = await service.monthParts(new Date().toISOString());
    const pageEditions = new Set(await pages.editionsWithPublishedPages());
    const sitemaps: SitemapReference[] = [
      ...parts.map((p) => ({ loc: fileUrl(monthFileName(p.edition, p.month, p.part)), lastmod: p.lastmod })),
      ...deps.editions.all.map((edition) => ({ loc: fileUrl(newsFileName(edition)) })),
      ...deps.editions.all
        .filter((edition) => pageEditions.has(edition.code))
        .map((edition) => ({ loc: fileUrl(pagesFileName(edition)) })),
    ];
    return xml(reply, sitemapIndexXml(sitemaps));
  });

  // Any name: one that names no sitemap (parseFileName) is a 404, as a missing file is.
  const fileSchema = { params: Type.Object({ file: Type.String({ maxLength: 100 }) }), querystring: NoQuery };
  app.get("/sitemaps/:file", { schema: fileSchema }, async (request, reply) => {
    const file = parseFileName(request.params.file, deps.editions);
    if (!file) return notFound(reply);
    const now = new Date().toISOString();
    setSurrogateKeys(reply, [sitemapFileKey(file)]);
    if (file.kind === "pages") {
      const urls = pageSitemapUrls(await pages.publishedWithTranslations(file.edition.code), deps);
      if (urls.length === 0) return notFound(reply);
      return xml(reply, urlSetXml(urls));
    }
    if (file.kind === "news") {
      const articles = await service.newsArticles(file.edition, now);
      const urls = articles.map((article) => ({
        ...article,
        publicationName: deps.siteNameFor(file.edition),
        language: file.edition.code,
      }));
      return xml(reply, newsSitemapXml(urls));
    }
    const urls = await service.monthUrls(file.edition, file.month, file.part, now);
    if (urls.length === 0) return notFound(reply);
    return xml(reply, urlSetXml(urls));
  });
}

/** The site's own 404 page (the edition router's not-found handler). */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

type SitemapFile =
  | { kind: "news"; edition: Edition }
  | { kind: "pages"; edition: Edition }
  | { kind: "month"; edition: Edition; month: string; part: number };

function sitemapFileKey(file: SitemapFile): string {
  if (file.kind === "month") return sitemapMonthKey(file.edition.code, file.month);
  return file.kind === "pages" ? pagesSitemapKey(file.edition.code) : sitemapKey(file.edition.code);
}

/** `en-2026-11.xml` for the first (often only) part of a month, then `en-2026-11-2.xml`… */
export function monthFileName(edition: Edition, month: string, part: number): string {
  return `${edition.code}-${month}${part > 1 ? `-${part}` : ""}.xml`;
}

export function newsFileName(edition: Edition): string {
  return `news-${edition.code}.xml`;
}

export function pagesFileName(edition: Edition): string {
  return `pages-${edition.code}.xml`;
}

/**
 * The sitemap a file name asks for, or undefined. Each file has exactly one name: the first part is
 * never `-1`, and numbers have no leading zeros.
 */
function parseFileName(name: string, editions: Editions): SitemapFile | undefined {
  const single = /^(news|pages)-([a-z]{2,3})\.xml$/.exec(name);
  if (single) {
    const edition = editions.find(single[2] ?? "");
    return edition && { kind: single[1] === "news" ? "news" : "pages", edition };
  }
  const month = /^([a-z]{2,3})-(\d{4}-(?:0[1-9]|1[0-2]))(?:-([2-9]|[1-9]\d{1,5}))?\.xml$/.exec(name);
  if (!month) return undefined;
  const edition = editions.find(month[1] ?? "");
  return edition && { kind: "month", edition, month: month[2] ?? "", part: Number(month[3] ?? 1) };
}
