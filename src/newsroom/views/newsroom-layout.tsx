import type { ComponentChildren } from "preact";
import { can } from "../../accounts/authorization/policy.ts";
import type { NewsroomUser } from "../../accounts/user-service.ts";

/** The sections of the newsroom's navigation; `current` marks one with aria-current. */
export type NewsroomSection =
  | "dashboard"
  | "articles"
  | "search"
  | "review"
  | "media"
  | "authors"
  | "translations"
  | "comments"
  | "frontPage"
  | "tags"
  | "pages"
  | "sources"
  | "promotions"
  | "audience"
  | "newsletters"
  | "audit"
  | "users"
  | "settings"
  | "webhooks"
  | "feeds"
  | "agencyQueue"
  | "imports"
  | "account";

export interface NewsroomLayoutProps {
  /** The page's own title (the <title> adds "Newsroom" and the site's name). */
  title: string;
  siteName: string;
  stylesheetHref: string;
  /** The signed-in user (null on the sign-in and invitation pages). */
  user: NewsroomUser | null;
  /** This request's CSRF token, also given to scripts as <meta name="csrf-token">. */
  csrfToken: string;
  current?: NewsroomSection | undefined;
  /** Module scripts of this page, e.g. the editor bundle: each becomes <script type="module" src>. */
  scripts?: readonly string[] | undefined;
  /** Stylesheets of this page, after the newsroom's own. */
  stylesheets?: readonly string[] | undefined;
  /** A narrow column (forms such as signing in). */
  narrow?: boolean | undefined;
  children: ComponentChildren;
}

const NAV: { section: NewsroomSection; href: string; label: string; visible(user: NewsroomUser): boolean }[] =
  [
    { section: "dashboard", href: "/newsroom", label: "Dashboard", visible: () => true },
    { section: "articles", href: "/newsroom/articles", label: "Articles", visible: () => true },
    { section: "search", href: "/newsroom/search", label: "Search", visible: () => true },
    {
      section: "review",
      href: "/newsroom/review",
      label: "Review queue",
      visible: (u) => can(u, "reviewQueue.view"),
    },
    { section: "media", href: "/newsroom/media", label: "Media", visible: () => true },
    {
      section: "authors",
      href: "/newsroom/authors",
      label: "Authors",
      visible: (u) => u.role !== "translator",
    },
    {
      section: "translations",
      href: "/newsroom/translations",
      label: "Translation desk",
      visible: () => true,
    },
    {
      section: "comments",
      href: "/newsroom/comments",
      label: "Comments",
      visible: (u) => can(u, "comment.moderate"),
    },
    {
      section: "frontPage",
      href: "/newsroom/front-page",
      label: "Front page",
      visible: (u) => can(u, "frontPage.arrange"),
    },
    { section: "tags", href: "/newsroom/tags", label: "Tags", visible: (u) => can(u, "tag.edit") },
    {
      section: "pages",
      href: "/newsroom/pages",
      label: "Pages",
      // Editors and admins; translators, who draft pages' translations into their editions.
      visible: (u) => u.role !== "contributor",
    },
    {
      section: "agencyQueue",
      href: "/newsroom/feeds/queue",
      label: "Agency queue",
      visible: (u) => can(u, "article.editAny"),
    },
    {
      section: "feeds",
      href: "/newsroom/feeds",
      label: "Agency feeds",
      visible: (u) => can(u, "feed.manage"),
    },
    {
      section: "sources",
      href: "/newsroom/sources",
      label: "Sources",
      visible: (u) => can(u, "source.edit"),
    },
    {
      section: "promotions",
      href: "/newsroom/promotions",
      label: "Promotions",
      visible: (u) => can(u, "promotion.manage"),
    },
    {
      section: "audience",
      href: "/newsroom/audience",
      label: "Audience",
      visible: (u) => can(u, "audience.view"),
    },
    {
      section: "newsletters",
      href: "/newsroom/newsletters",
      label: "Newsletters",
      visible: (u) => can(u, "newsletter.manage"),
    },
    { section: "audit", href: "/newsroom/audit", label: "Audit log", visible: (u) => can(u, "audit.view") },
    { section: "users", href: "/newsroom/users", label: "Users", visible: (u) => can(u, "user.list") },
    {
      section: "settings",
      href: "/newsroom/settings",
      label: "Settings",
      visible: (u) => can(u, "settings.edit"),
    },
    {
      section: "webhooks",
      href: "/newsroom/webhooks",
      label: "Webhooks",
      visible: (u) => can(u, "webhook.manage"),
    },
    {
      section: "imports",
      href: "/newsroom/imports",
      label: "Imports and feeds",
      visible: (u) => can(u, "import.view"),
    },
  ];

/** The frame of every newsroom page: header with the user and navigation, one <main>, no framework. */
export function NewsroomLayout(props: NewsroomLayoutProps) {
  const { user } = props;
  return (
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="csrf-token" content={props.csrfToken} />
        <title>{`${props.title} · Newsroom · ${props.siteName}`}</title>
        <link rel="stylesheet" href={props.stylesheetHref} />
        {(props.stylesheets ?? []).map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {(props.scripts ?? []).map((src) => (
          <script key={src} type="module" src={src} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="nr-header">
          <a class="nr-brand" href="/newsroom">
            {props.siteName} Newsroom
          </a>
          {user && !user.mustChangePassword ? (
            <nav class="nr-nav" aria-label="Newsroom">
              <ul>
                {NAV.filter((item) => item.visible(user)).map((item) => (
                  <li key={item.section}>
                    <a href={item.href} aria-current={props.current === item.section ? "page" : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {user ? (
            <div class="nr-user">
              <span>
                <a
                  href="/newsroom/change-password"
                  aria-current={props.current === "account" ? "page" : undefined}
                >
                  {user.name}
                </a>{" "}
                <span class="nr-role">{user.role}</span>
              </span>
              <form method="post" action="/newsroom/sign-out" class="inline">
                <input type="hidden" name="_csrf" value={props.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main" tabIndex={-1} class={props.narrow ? "narrow" : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
