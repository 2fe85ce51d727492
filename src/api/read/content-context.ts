import type { AuthorService } from "../../authors/author-service.ts";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { MediaDescription, MediaService } from "../../media/media-service.ts";
import type { PictureData } from "../../media/picture.ts";
import type { SearchService } from "../../search/search-service.ts";
import type { ArchiveService } from "../../site/archive-service.ts";
import { absoluteUrl } from "../../site/feeds/feed-body.tsx";
import type { ReaderService } from "../../site/reader-service.ts";
import type { SourceService } from "../../sources/source-service.ts";
import type { TagService } from "../../tags/tag-service.ts";

/** What the content API reads through: the reader site's own services, nothing of the newsroom. */
export interface ContentApiContext {
  db: Db;
  editions: Editions;
  urls: SiteUrls;
  publicUrl: string;
  reader: ReaderService;
  archives: ArchiveService;
  search: SearchService;
  tags: TagService;
  authors: AuthorService;
  sources: SourceService;
  media: MediaService;
}

/** The time a request reads content at: what is published by then is what it may see. */
export function requestTime(): string {
  return new Date().toISOString();
}

/** A picture as the API gives it: the edition's texts, every variant, every URL absolute. */
export function pictureJson(
  context: ContentApiContext,
  edition: Edition,
  picture: PictureData,
  described: MediaDescription | undefined,
) {
  const origin = context.urls.origin(edition);
  return {
    id: picture.mediaId,
    width: picture.width,
    height: picture.height,
    url: absoluteUrl(picture.src, origin),
    alt: picture.alt,
    caption: picture.caption,
    credit: picture.credit,
    variants: variantsJson(context, edition, described),
  };
}

export function variantsJson(
  context: ContentApiContext,
  edition: Edition,
  described: MediaDescription | undefined,
) {
  const origin = context.urls.origin(edition);
  return (described?.variants ?? []).map(({ path, ...variant }) => ({
    ...variant,
    url: absoluteUrl(path, origin),
  }));
}
