import type { StoryLink } from "../../articles/body/body-view.tsx";
import type { Db } from "../../db/database.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { MediaService } from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { PictureData } from "../../media/picture.ts";
import type { Page } from "../../pages/page.ts";
import { PageService } from "../../pages/page-service.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import { storyLinks } from "../story-links.ts";
import type { LanguageVersion } from "../views/language-versions.ts";

/** A published page as readers get it, with what its body points to and its translations. */
export interface PageViewData {
  edition: Edition;
  page: Page;
  canonicalUrl: string;
  /** Its published translations, this page included; the group's original edition first in hreflang. */
  versions: LanguageVersion[];
  originalEdition: string;
  stories: Map<number, StoryLink>;
  pictures: Map<number, PictureData>;
}

/** Loads the reader's view of a page: a few queries, no HTTP. */
export class PageReader {
  private readonly pages: PageService;
  private readonly media: MediaService;

  constructor(
    private readonly db: Db,
    private readonly editions: Editions,
    private readonly urls: SiteUrls,
    mediaStore: MediaStore,
  ) {
    this.pages = new PageService(db);
    this.media = new MediaService({ db, mediaStore });
  }

  /** The published page of `edition` at `slug`, or undefined (missing, or a draft). */
  async page(edition: Edition, slug: string, now: string): Promise<PageViewData | undefined> {
    const page = await this.pages.publishedBySlug(edition.code, slug);
    return page ? this.viewOf(edition, page, now) : undefined;
  }

  /**
   * A page whatever its status, as readers will get it once published (the newsroom's preview);
   * undefined when its edition is no longer on the site.
   */
  async pageForPreview(page: Page, now: string): Promise<PageViewData | undefined> {
    const edition = this.editions.all.find((candidate) => candidate.code === page.edition);
    return edition ? this.viewOf(edition, page, now) : undefined;
  }

  private async viewOf(edition: Edition, page: Page, now: string): Promise<PageViewData> {
    const references = collectBodyReferences(page.body);
    const [group, original, stories, pictures] = await Promise.all([
      this.pages.translations(page.groupId),
      this.db
        .selectFrom("pageGroups")
        .select("originalEdition")
        .where("id", "=", page.groupId)
        .executeTakeFirstOrThrow(),
      storyLinks(
        { db: this.db, editions: this.editions, urls: this.urls },
        references.storyIds,
        edition,
        now,
      ),
      this.media.getPictures(references.mediaIds, edition.code, edition.code),
    ]);
    const versions = this.editions.all.flatMap((other): LanguageVersion[] => {
      // The page itself is among them even as a draft, as it will be once published.
      const version = group.find(
        (p) => p.edition === other.code && (p.status === "published" || p.id === page.id),
      );
      if (!version) return [];
      const path = this.urls.pagePath(version.slug);
      return [
        {
          edition: other,
          href: this.urls.href(other, path, edition),
          absoluteUrl: this.urls.absolute(other, path),
          current: other.code === edition.code,
        },
      ];
    });
    return {
      edition,
      page,
      canonicalUrl: this.urls.absolute(edition, this.urls.pagePath(page.slug)),
      versions,
      originalEdition: original.originalEdition,
      stories,
      pictures,
    };
  }
}
