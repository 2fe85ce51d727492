import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  footerKey,
  menuKey,
  missingKey,
  setSurrogateKeys,
  surrogateKeysOf,
  tagNameKey,
} from "../cache/surrogate-keys.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { hashedAsset } from "../http/hashed-asset.ts";
import type { FooterDirectory } from "../pages/footer-pages.ts";
import type { SiteIdentity } from "../settings/site-settings.ts";
import { messagesFor } from "../shared/i18n/messages.ts";
import type { MenuSource } from "./navigation/section-menus.ts";
import { ErrorPage } from "./views/error-page.tsx";
import type { EditionLink } from "./views/header-navigation.tsx";
import { Layout, type PageHead } from "./views/layout.tsx";

/** The reader site's stylesheet, at a hashed, immutable URL. */
export const siteStylesheet = hashedAsset(new URL("./assets/site.css", import.meta.url), "site");
export const stylesheetPath = siteStylesheet.path;

/** Where every edition's newsletter form posts (src/site/newsletter/newsletter-routes.tsx). */
export const NEWSLETTER_SUBSCRIBE_PATH = "/newsletter/subscribe";

/**
 * The same page in another edition: a path there (`/tag/noticias`), a link made elsewhere (an
 * article's translation), or null when it has none (the switcher then leads to that edition's front).
 */
export type Counterpart = string | { href: string; absoluteUrl: string } | null;

/** How a page is sent and where its header leads. */
export interface RenderOptions {
  /** Overrides the status's usual Cache-Control (search results: browsers only, a minute). */
  cacheControl?: string;
  /** The page in the other editions, for the edition switcher and hreflang alternates (none: fronts). */
  counterpart?: (other: Edition) => Counterpart;
  /** The tag whose archive this is: its menu entry is marked as the current page. */
  currentTagId?: number;
}

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
    /** The header's section menus (none: the header has no menu). */
    private readonly menus?: MenuSource,
    /** The pages each edition's footer lists (none: no such list). */
    private readonly footer: FooterDirectory = { pagesFor: () => [] },
    /** The site sends newsletters: every page's footer has the sign-up form. */
    private readonly newsletters = false,
  ) {}

  /** Where an edition's newsletter form posts, or undefined when there is no newsletter. */
  newsletterAction(edition: Edition): string | undefined {
    return this.newsletters ? this.urls.href(edition, NEWSLETTER_SUBSCRIBE_PATH, edition) : undefined;
  }

  /** The publication's name on an edition's pages, as pages and their metadata show it. */
  siteNameFor(edition: Edition): string {
    return this.identity.nameFor(edition);
  }

  /** A page of the edition in the site's layout: the header's menu and switcher, the content, the footer. */
  render(
    reply: FastifyReply,
    status: number,
    edition: Edition,
    head: PageHead,
    content: VNode,
    options: RenderOptions = {},
  ): FastifyReply {
    this.keyFrame(reply, edition);
    return send(reply, status, this.pageHtml(edition, head, content, options), options.cacheControl);
  }

  /**
   * The HTML `render` sends, for a route that keeps it (search pages); `sendKept` answers it. A kept
   * page has no surrogate keys: whoever keeps it forgets it at every content change.
   */
  pageHtml(
    edition: Edition,
    head: PageHead,
    content: VNode,
    options: Omit<RenderOptions, "cacheControl"> = {},
  ): string {
    const editionLinks = this.editionLinks(edition, options.counterpart);
    const page = { ...head, alternates: head.alternates ?? alternatesOf(head, editionLinks) };
    return this.html(edition, page, content, {
      editionLinks: editionLinks.map(({ link }) => link),
      currentTagId: options.currentTagId,
    });
  }

  /** Answers a page made by `pageHtml`. */
  sendKept(reply: FastifyReply, status: number, html: string, cacheControl?: string): FastifyReply {
    return send(reply, status, html, cacheControl);
  }

  private html(
    edition: Edition,
    head: PageHead,
    content: VNode,
    frame: {
      editionLinks?: readonly EditionLink[];
      currentTagId?: number;
      /** False for an answer kept in memory (the busy page), which a footer change would leave stale. */
      listFooterPages?: boolean;
    } = {},
  ): string {
    const { currentTagId, listFooterPages = true } = frame;
    const editionLinks = frame.editionLinks ?? this.editionLinks(edition).map(({ link }) => link);
    const sections = (this.menus?.menuFor(edition) ?? []).map((entry) => ({
      name: entry.name,
      href: this.urls.href(edition, this.urls.tagPath(entry.slug), edition),
      current: entry.tagId === currentTagId,
    }));
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
        navigation={{ sections, editions: editionLinks }}
        newsletterAction={this.newsletterAction(edition)}
      >
        {content}
      </Layout>
    );
    return `<!doctype html>${renderToString(page)}`;
  }

  /**
   * A cached page leaves the cache when its frame changes: the edition's menu (a menu change or a
   * rename of its tags) or its footer's list of pages. Only a response that declared keys (a
   * cacheable one) gets them: one without stays uncached.
   */
  private keyFrame(reply: FastifyReply, edition: Edition): void {
    if (!surrogateKeysOf(reply)) return;
    const entries = this.menus?.menuFor(edition) ?? [];
    setSurrogateKeys(reply, [
      menuKey(edition.code),
      ...entries.map((entry) => tagNameKey(entry.tagId, edition.code)),
      footerKey(edition.code),
    ]);
  }

  /** Every edition's link for the switcher, with the absolute URL of each counterpart that exists. */
  private editionLinks(
    edition: Edition,
    counterpart?: RenderOptions["counterpart"],
  ): { link: EditionLink; absoluteUrl: string | null }[] {
    return this.editions.map((other) => {
      const found = counterpart ? counterpart(other) : null;
      const current = other.code === edition.code;
      if (found === null) {
        const href = this.urls.href(other, this.urls.frontPath(), edition);
        // Said only where the page has counterparts elsewhere (an error page has none to miss).
        const front = !current && counterpart !== undefined;
        return { link: { edition: other, href, front, current }, absoluteUrl: null };
      }
      const target =
        typeof found === "string"
          ? { href: this.urls.href(other, found, edition), absoluteUrl: this.urls.absolute(other, found) }
          : found;
      return {
        link: { edition: other, href: target.href, front: false, current },
        absoluteUrl: target.absoluteUrl,
      };
    });
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
    this.keyFrame(reply, edition);
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
      { listFooterPages },
    );
  }
}

/**
 * hreflang alternates from the counterparts that exist (the page's own address among them), when
 * there are two or more and the page is meant for search engines.
 */
function alternatesOf(head: PageHead, links: readonly { link: EditionLink; absoluteUrl: string | null }[]) {
  if (head.robots?.includes("noindex")) return undefined;
  const alternates = links.flatMap(({ link, absoluteUrl }) =>
    absoluteUrl === null ? [] : [{ hreflang: link.edition.code, href: absoluteUrl }],
  );
  return alternates.length < 2 ? undefined : alternates;
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
