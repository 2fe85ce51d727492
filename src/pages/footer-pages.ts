import type { Db } from "../db/database.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { type FooterPage, PageService } from "./page-service.ts";

/** What a page's footer shows of an edition's pages: read on every reader page, so kept in memory. */
export interface FooterDirectory {
  /** The published pages the edition's footer lists, in order. */
  pagesFor(edition: string): readonly FooterPage[];
}

/**
 * The footer pages of every edition, loaded at start and reloaded whenever a "page.footer" change
 * is announced, by this process or (through the cluster relay) another: every reader page shows
 * them, and one query per page view would be spent on a list that changes a few times a year.
 */
export class FooterPages implements FooterDirectory {
  #byEdition = new Map<string, FooterPage[]>();
  #unsubscribe: (() => void) | undefined;

  private constructor(private readonly db: Db) {}

  /** The footer pages as stored now, following every change announced on `events`. */
  static async start(db: Db, events?: ContentEvents): Promise<FooterPages> {
    const directory = new FooterPages(db);
    await directory.reload();
    // Before the page cache drops the pages: a page rendered after the purge lists the new footer.
    directory.#unsubscribe = events?.refreshOn(["page.footer"], () => directory.reload());
    return directory;
  }

  pagesFor(edition: string): readonly FooterPage[] {
    return this.#byEdition.get(edition) ?? [];
  }

  async reload(): Promise<void> {
    const byEdition = new Map<string, FooterPage[]>();
    for (const page of await new PageService(this.db).footerPages()) {
      const list = byEdition.get(page.edition) ?? [];
      list.push(page);
      byEdition.set(page.edition, list);
    }
    this.#byEdition = byEdition;
  }

  /** Stops following changes. */
  close(): void {
    this.#unsubscribe?.();
  }
}
