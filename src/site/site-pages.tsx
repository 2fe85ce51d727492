import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { footerKey, missingKey, setSurrogateKeys, surrogateKeysOf } from "../cache/surrogate-keys.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { hashedAsset } from "../http/hashed-asset.ts";
import type { FooterDirectory } from "../pages/footer-pages.ts";
import type { SiteIdentity } from "../settings/site-settings.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import { ErrorPage } from "./views/error-page.tsx";
import { Layout, type PageHead } from "./views/layout.tsx";

/** The reader site's stylesheet, at a hashed, immutable URL. */
export const siteStylesheet = hashedAsset(new URL("./assets/site.css", import.meta.url), "site");
export const stylesheetPath = siteStylesheet.path;

/** Renders reader pages inside the site's layout, and the error pages every route may answer. */
export class SitePages {
  /** Busy pages by edition code (see `busy`): the same page answers 429 and 503. */
  private readonly busyPages = new Map<string, string>();

  constructor(
    private readonly urls: SiteUrls,
    /** The site's name and logo as the settings have them now (they change without a restart). */
    private readonly identity: SiteIdentity,
    /** Every edition, for the footer's links to their front pages (none: no such links). */
    private readonly editions: readonly Edition[] = [],
    /** The pages each edition's footer lists (none: no such list). */
    private readonly footer: FooterDirectory = { pagesFor: () => [] },
  ) {}

  /** The publication's name on an edition's pages, as pages and their metadata show it. */
  siteNameFor(edition: Edition): string {
    return this.identity.nameFor(edition);
  }

  render(
    reply: FastifyReply,
    status: number,
    edition: Edition,
    head: PageHead,
    content: VNode,
    /** Overrides the status's usual Cache-Control (search results: browsers only, a minute). */
    cacheControl?: string,
  ): FastifyReply {
    footerKeyed(reply, edition);
    return send(reply, status, this.html(edition, head, content), cacheControl);
  }

  /** `listFooterPages`: false for an answer kept in memory (the busy page), which a footer change would leave stale. */
  private html(edition: Edition, head: PageHead, content: VNode, listFooterPages = true): string {
    const page = (
      <Layout
        edition={edition}
        messages={messagesFor(edition.code)}
        siteName={this.siteNameFor(edition)}
        logo={this.identity.logo}
        frontHref={this.urls.href(edition, this.urls.frontPath(), edition)}
        editionFronts={this.editions.map((other) => ({
          edition: other,
          href: this.urls.href(other, this.urls.frontPath(), edition),
        }))}
        footerPages={(listFooterPages ? this.footer.pagesFor(edition.code) : []).map((page) => ({
          title: page.title,
          href: this.urls.href(edition, this.urls.pagePath(page.slug), edition),
        }))}
        stylesheetHref={stylesheetPath}
        head={head}
      >
        {content}
      </Layout>
    );
    return `<!doctype html>${renderToString(page)}`;
  }

  notFound(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    // Kept by caches until something is published in the edition (which may be this very page).
    setSurrogateKeys(reply, [missingKey(edition.code)]);
    return this.errorPage(reply, 404, edition, messages.notFoundTitle, messages.notFoundText);
  }

  /** 410: a page readers could see once and that has been withdrawn (an unpublished article). */
  gone(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    setSurrogateKeys(reply, [missingKey(edition.code)]);
    return this.errorPage(reply, 410, edition, messages.goneTitle, messages.goneText);
  }

  badRequest(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    return this.errorPage(reply, 400, edition, messages.badRequestTitle, messages.badRequestText);
  }

  serverError(reply: FastifyReply, edition: Edition): FastifyReply {
    const messages = messagesFor(edition.code);
    return this.errorPage(reply, 500, edition, messages.serverErrorTitle, messages.serverErrorText);
  }

  /** The edition's page for any error status: what went wrong, in the reader's language. */
  errorFor(reply: FastifyReply, edition: Edition, status: number): FastifyReply {
    const messages = messagesFor(edition.code);
    if (status === 404) return this.notFound(reply, edition);
    if (status === 410) return this.gone(reply, edition);
    if (status === 400) return this.badRequest(reply, edition);
    if (status === 429 || status === 503) return this.busy(reply, edition, status);
    if (status > 400 && status < 500) {
      return this.errorPage(reply, status, edition, messages.unacceptableTitle, messages.unacceptableText);
    }
    return this.serverError(reply, edition);
  }

  /**
   * The busy page, rendered once per edition: under a flood it is most answers, and rendering it
   * anew each time would spend the very time and memory the refusal saves.
   */
  private busy(reply: FastifyReply, edition: Edition, status: 429 | 503): FastifyReply {
    let html = this.busyPages.get(edition.code);
    if (html === undefined) {
      const messages = messagesFor(edition.code);
      html = this.errorHtml(edition, messages.busyTitle, messages.busyText, false);
      this.busyPages.set(edition.code, html);
    }
    return send(reply, status, html);
  }

  private errorPage(reply: FastifyReply, status: number, edition: Edition, title: string, text: string) {
    footerKeyed(reply, edition);
    return send(reply, status, this.errorHtml(edition, title, text));
  }

  private errorHtml(edition: Edition, title: string, text: string, listFooterPages = true): string {
    const messages = messagesFor(edition.code);
    return this.html(
      edition,
      { title, robots: "noindex" },
      <ErrorPage
        title={title}
        text={text}
        frontHref={this.urls.href(edition, this.urls.frontPath(), edition)}
        frontLabel={messages.backToFrontPage}
      />,
      listFooterPages,
    );
  }
}

/**
 * A cached page of an edition also leaves the cache when the edition's footer list changes. Only a
 * response that declared keys (a cacheable one) gets the key: one without stays uncached.
 */
function footerKeyed(reply: FastifyReply, edition: Edition): void {
  if (surrogateKeysOf(reply)) setSurrogateKeys(reply, [footerKey(edition.code)]);
}

/** A page answered with its status and, unless told otherwise, the status's usual Cache-Control. */
function send(reply: FastifyReply, status: number, html: string, cacheControl = cacheControlFor(status)) {
  return reply.code(status).type("text/html; charset=utf-8").header("cache-control", cacheControl).send(html);
}

/**
 * Browsers keep a page a minute; a cache in front keeps it five and may serve it stale while it
 * revalidates. Missing and withdrawn pages are kept briefly (a story may be published or restored at
 * any moment); failures never are.
 */
export function cacheControlFor(status: number): string {
  if (status >= 200 && status < 300) return PAGE_CACHE_CONTROL;
  if (status === 404 || status === 410) return "public, max-age=30, s-maxage=60";
  return "no-store";
}

export const PAGE_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=30";
