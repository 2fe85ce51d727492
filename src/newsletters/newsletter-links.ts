import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";

/** Where a newsletter's links lead: absolute URLs, since they are read in a mail client. */
export class NewsletterLinks {
  constructor(
    private readonly urls: SiteUrls,
    /** The publication's name in an edition (an admin's setting, else the site's). */
    readonly siteNameFor: (edition: Edition) => string,
  ) {}

  confirm(edition: Edition, token: string): string {
    return this.urls.absolute(edition, `/newsletter/confirm?t=${token}`);
  }

  unsubscribe(edition: Edition, token: string): string {
    return this.urls.absolute(edition, `/newsletter/unsubscribe?t=${token}`);
  }

  article(edition: Edition, publishedAt: string, slug: string): string {
    return this.urls.absolute(edition, this.urls.articlePath(edition, publishedAt, slug));
  }

  front(edition: Edition): string {
    return this.urls.absolute(edition, "/");
  }
}
