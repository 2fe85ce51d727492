import type { MostRead } from "../audience/most-read.ts";
import type { AuthorService } from "../authors/author-service.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { LiveService } from "../live/live-service.ts";
import type { RelatedService } from "../related/related-service.ts";
import type { ArchiveService } from "./archive-service.ts";
import type { ReaderService } from "./reader-service.ts";
import type { SitePages } from "./site-pages.tsx";

/** What the reader site's routes share. */
export interface SiteContext {
  reader: ReaderService;
  editions: Editions;
  urls: SiteUrls;
  pages: SitePages;
  archives: ArchiveService;
  related: RelatedService;
  authors: AuthorService;
  /** The edition's "most read" box, as last refreshed (not counted per request). */
  mostRead: MostRead;
  /** Live coverage: the updates of live stories' pages, and which listed stories are live. */
  live: LiveService;
}
