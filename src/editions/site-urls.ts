import { slugSegment } from "../shared/slug.ts";
import { localDay } from "../shared/time-zone.ts";
import type { Edition } from "./edition.ts";

/** Builds every link of the reader site, for editions under a path prefix or on their own host. */
export class SiteUrls {
  private readonly mainOrigin: string;
  private readonly scheme: string;

  constructor(publicUrl: string) {
    const url = new URL(publicUrl);
    this.mainOrigin = url.origin;
    this.scheme = url.protocol;
  }

  /** The origin an edition is served from. */
  origin(edition: Edition): string {
    return edition.host ? `${this.scheme}//${edition.host}` : this.mainOrigin;
  }

  /** An absolute URL of a path within an edition. */
  absolute(edition: Edition, path: string): string {
    return this.origin(edition) + edition.prefix + path;
  }

  /** A link from a page of `from` to a path of `to`: relative when both share an origin. */
  href(to: Edition, path: string, from: Edition): string {
    return this.origin(to) === this.origin(from) ? to.prefix + path : this.absolute(to, path);
  }

  /** `/{yyyy}/{mm}/{dd}/{slug}`, the date being the publication day in the edition's time zone. */
  articlePath(edition: Edition, publishedAt: string, slug: string): string {
    return `/${this.publicationDay(edition, publishedAt).replaceAll("-", "/")}/${slugSegment(slug)}`;
  }

  frontPath(): string {
    return "/";
  }

  tagPath(slug: string): string {
    return `/tag/${slugSegment(slug)}`;
  }

  /** `/{slug}`: a page (about, contact…) of the edition. */
  pagePath(slug: string): string {
    return `/${slugSegment(slug)}`;
  }

  authorPath(slug: string): string {
    return `/author/${slugSegment(slug)}`;
  }

  /** `/{yyyy}/{mm}/` or `/{yyyy}/{mm}/{dd}/`. */
  datePath(year: number, month: number, day?: number): string {
    const pad = (n: number) => String(n).padStart(2, "0");
    return day === undefined ? `/${year}/${pad(month)}/` : `/${year}/${pad(month)}/${pad(day)}/`;
  }

  /** `yyyy-mm-dd` of an instant in the edition's time zone. */
  publicationDay(edition: Edition, iso: string): string {
    return localDay(edition.timeZone, iso);
  }
}
