import type { ComponentChildren } from "preact";
import type { Edition } from "../../editions/edition.ts";
import type { PictureData } from "../../media/picture.ts";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { languageName } from "../../shared/i18n/format.ts";
import { newsletterMessagesFor } from "../../shared/i18n/newsletter.ts";
import { NewsletterForm } from "../newsletter/newsletter-form.tsx";
import { HeaderNavigation, type HeaderNavigationProps } from "./header-navigation.tsx";

export interface PageHead {
  title: string;
  description?: string | null;
  canonicalUrl?: string;
  /** hreflang alternates: language code (or x-default) to absolute URL. */
  alternates?: { hreflang: string; href: string }[];
  robots?: string;
  /** Feeds advertised for autodiscovery. */
  feeds?: { title: string; href: string; type: "application/rss+xml" | "application/atom+xml" }[];
  /** OpenGraph (`property`) and Twitter card (`name`) tags. */
  meta?: ({ property: string; content: string } | { name: string; content: string })[];
  /** Structured data (schema.org), serialized as JSON-LD. */
  jsonLd?: Record<string, unknown>;
}

export interface LayoutProps {
  edition: Edition;
  messages: Catalogue;
  siteName: string;
  /** The site's logo (an admin's setting), shown in the header in place of the name; null: the name. */
  logo?: PictureData | null;
  frontHref: string;
  /** Every edition's front page, for the footer (this one included, marked as current). */
  editionFronts?: readonly { edition: Edition; href: string }[];
  /** The edition's pages its footer lists (about, contact, privacy…), in the editors' order. */
  footerPages?: readonly { title: string; href: string }[];
  stylesheetHref: string;
  head: PageHead;
  /** The header's section menu and edition switcher (none: the header has neither). */
  navigation?: Omit<HeaderNavigationProps, "messages"> | undefined;
  /** Where the footer's newsletter form posts (none: the site sends no newsletter). */
  newsletterAction?: string | undefined;
  children: ComponentChildren;
}

/** The frame of every reader page: language, landmarks, skip link, one small stylesheet, no script. */
export function Layout({
  edition,
  messages,
  siteName,
  logo,
  frontHref,
  editionFronts,
  footerPages,
  stylesheetHref,
  head,
  navigation,
  newsletterAction,
  children,
}: LayoutProps) {
  return (
    <html lang={edition.locale} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{head.title === siteName ? siteName : `${head.title} | ${siteName}`}</title>
        {head.description ? <meta name="description" content={head.description} /> : null}
        <link rel="icon" href="/favicon.png" type="image/png" sizes="32x32" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        {head.robots ? <meta name="robots" content={head.robots} /> : null}
        {head.canonicalUrl ? <link rel="canonical" href={head.canonicalUrl} /> : null}
        {(head.alternates ?? []).map((alternate) => (
          <link
            key={alternate.hreflang}
            rel="alternate"
            hreflang={alternate.hreflang}
            href={alternate.href}
          />
        ))}
        {(head.feeds ?? []).map((feed) => (
          <link key={feed.href} rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        {(head.meta ?? []).map((tag) =>
          "property" in tag ? (
            <meta key={tag.property} property={tag.property} content={tag.content} />
          ) : (
            <meta key={tag.name} name={tag.name} content={tag.content} />
          ),
        )}
        {head.jsonLd ? (
          // JSON is not HTML: the only inline script, with "<" escaped so no text can close it.
          <script
            type="application/ld+json"
            dangerouslySetInnerHTML={{ __html: jsonForScript(head.jsonLd) }}
          />
        ) : null}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={stylesheetHref} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {messages.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href={frontHref}>
              {logo ? <Logo picture={logo} siteName={siteName} /> : siteName}
            </a>
            {/* A plain GET form: search works without script. */}
            <search>
              <form class="site-search" method="get" action={`${frontHref}search`}>
                <label for="site-search-q" class="visually-hidden">
                  {messages.search}
                </label>
                <input id="site-search-q" type="search" name="q" maxLength={200} />
                <button type="submit">{messages.search}</button>
              </form>
            </search>
          </div>
          {navigation ? <HeaderNavigation messages={messages} {...navigation} /> : null}
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {newsletterAction ? (
              <NewsletterForm
                action={newsletterAction}
                messages={newsletterMessagesFor(edition.code)}
                place="footer"
              />
            ) : null}
            <p>
              <a href={frontHref}>{siteName}</a>
            </p>
            {footerPages && footerPages.length > 0 ? (
              <nav aria-label={messages.sitePages}>
                <ul class="footer-links footer-pages">
                  {footerPages.map((page) => (
                    <li key={page.href}>
                      <a href={page.href}>{page.title}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {editionFronts && editionFronts.length > 1 ? (
              <nav aria-label={messages.footerEditions}>
                <ul class="footer-links">
                  {editionFronts.map(({ edition: other, href }) => (
                    <li key={other.code}>
                      <a
                        href={href}
                        hreflang={other.locale}
                        lang={other.locale}
                        aria-current={other.code === edition.code ? "page" : undefined}
                      >
                        {languageName(other.locale, other.code)}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {head.feeds && head.feeds.length > 0 ? (
              <ul class="footer-links footer-feeds">
                {head.feeds.map((feed) => (
                  <li key={feed.href}>
                    <a href={feed.href} type={feed.type}>
                      {feed.title}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
            <p class="copyright">
              © {new Date().getUTCFullYear()} {siteName}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Logos are shown this tall (site.css `.brand-logo`); `sizes` follows from the picture's shape. */
const LOGO_HEIGHT_PX = 40;

/** The logo: the smallest variant that fills 40 pixels of height, with the site's name as its text. */
function Logo({ picture, siteName }: { picture: PictureData; siteName: string }) {
  const width = Math.ceil((LOGO_HEIGHT_PX * picture.width) / picture.height);
  const sizes = `${Math.min(width, 240)}px`;
  return (
    <picture>
      {picture.sources.map((source) => (
        <source key={source.type} type={source.type} srcset={source.srcset} sizes={sizes} />
      ))}
      <img
        class="brand-logo"
        src={picture.src}
        srcset={picture.srcset}
        sizes={sizes}
        width={width}
        height={LOGO_HEIGHT_PX}
        alt={siteName}
      />
    </picture>
  );
}

/** JSON safe to embed in a <script> element: "<", ">", "&" and line separators escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
