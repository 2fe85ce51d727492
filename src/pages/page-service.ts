import type { Db } from "../db/database.ts";
import type { PageRow } from "../db/schema.ts";
import type { BodyDocument } from "../shared/body/body-document.ts";
import { NotFoundError } from "../shared/errors.ts";
import type { Page, PageStatus } from "./page.ts";

/** A translation of a page, as its language links and hreflang alternates name it. */
export interface PageTranslation {
  id: number;
  edition: string;
  slug: string;
  title: string;
  status: PageStatus;
}

/** A page of an edition's footer: its title links to its address. */
export interface FooterPage {
  edition: string;
  slug: string;
  title: string;
}

/** A page as the newsroom's list shows it. */
export interface PageSummary {
  id: number;
  groupId: number;
  edition: string;
  slug: string;
  title: string;
  status: PageStatus;
  inFooter: boolean;
  footerPosition: number;
  updatedAt: string;
  /** The editions its group has a page in, this one included. */
  editions: string[];
}

/** Reads pages: what readers see (published only) and what the newsroom lists. */
export class PageService {
  constructor(private readonly db: Db) {}

  /** The published page of `edition` at `slug`, or undefined (a draft is not there for readers). */
  async publishedBySlug(edition: string, slug: string): Promise<Page | undefined> {
    const row = await this.db
      .selectFrom("pages")
      .selectAll()
      .where("edition", "=", edition)
      .where("slug", "=", slug)
      .where("status", "=", "published")
      .executeTakeFirst();
    return row ? pageOf(row) : undefined;
  }

  /** A page whatever its status; NotFoundError when there is none. */
  async get(id: number): Promise<Page> {
    const row = await this.db.selectFrom("pages").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new NotFoundError("page", id);
    return pageOf(row);
  }

  /** Every page of a group, in any status. */
  async translations(groupId: number): Promise<PageTranslation[]> {
    return this.db
      .selectFrom("pages")
      .select(["id", "edition", "slug", "title", "status"])
      .where("groupId", "=", groupId)
      .orderBy("edition")
      .execute();
  }

  /** The published pages every footer lists, by edition, in the editors' order. */
  async footerPages(): Promise<FooterPage[]> {
    return this.db
      .selectFrom("pages")
      .select(["edition", "slug", "title"])
      .where("status", "=", "published")
      .where("inFooter", "=", 1)
      .orderBy("edition")
      .orderBy("footerPosition")
      .orderBy("title")
      .execute();
  }

  /**
   * The published pages of an edition for its sitemap, each with its group's original edition and
   * published pages in every edition (its alternates, itself included).
   */
  async publishedWithTranslations(edition: string): Promise<
    {
      page: { id: number; edition: string; slug: string; updatedAt: string };
      originalEdition: string;
      group: { edition: string; slug: string }[];
    }[]
  > {
    const pages = await this.db
      .selectFrom("pages")
      .innerJoin("pageGroups", "pageGroups.id", "pages.groupId")
      .select([
        "pages.id",
        "pages.groupId",
        "pages.edition",
        "pages.slug",
        "pages.updatedAt",
        "pageGroups.originalEdition",
      ])
      .where("pages.edition", "=", edition)
      .where("pages.status", "=", "published")
      .orderBy("pages.slug")
      .execute();
    if (pages.length === 0) return [];
    const siblings = await this.db
      .selectFrom("pages")
      .select(["groupId", "edition", "slug"])
      .where(
        "groupId",
        "in",
        pages.map((page) => page.groupId),
      )
      .where("status", "=", "published")
      .execute();
    return pages.map(({ originalEdition, ...page }) => ({
      page,
      originalEdition,
      group: siblings.filter((sibling) => sibling.groupId === page.groupId),
    }));
  }

  /** The editions with at least one published page (their sitemaps list a pages file). */
  async editionsWithPublishedPages(): Promise<string[]> {
    const rows = await this.db
      .selectFrom("pages")
      .select("edition")
      .distinct()
      .where("status", "=", "published")
      .execute();
    return rows.map((row) => row.edition);
  }

  /** The newsroom's list: every page of `edition` (every edition when null), by edition and title. */
  async list(edition: string | null): Promise<PageSummary[]> {
    let query = this.db
      .selectFrom("pages")
      .select([
        "id",
        "groupId",
        "edition",
        "slug",
        "title",
        "status",
        "inFooter",
        "footerPosition",
        "updatedAt",
      ]);
    if (edition !== null) query = query.where("edition", "=", edition);
    const rows = await query.orderBy("edition").orderBy("footerPosition").orderBy("title").execute();
    if (rows.length === 0) return [];
    const groups = await this.db
      .selectFrom("pages")
      .select(["groupId", "edition"])
      .where("groupId", "in", [...new Set(rows.map((row) => row.groupId))])
      .execute();
    return rows.map((row) => ({
      ...row,
      inFooter: row.inFooter === 1,
      editions: groups.filter((group) => group.groupId === row.groupId).map((group) => group.edition),
    }));
  }
}

/** A stored row as a Page: the body parsed, the footer flag a boolean. */
export function pageOf(row: PageRow): Page {
  return {
    id: row.id,
    groupId: row.groupId,
    edition: row.edition,
    slug: row.slug,
    title: row.title,
    body: JSON.parse(row.body) as BodyDocument,
    metaDescription: row.metaDescription,
    status: row.status,
    inFooter: row.inFooter === 1,
    footerPosition: row.footerPosition,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
  };
}
