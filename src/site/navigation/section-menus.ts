import type { Db } from "../../db/database.ts";
import type { TagKind } from "../../db/schema.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import type { ChangeReason, ContentChange, ContentEvents } from "../../shared/content-events.ts";

/** A link of the header's section menu: a section or region tag as the edition names it. */
export interface MenuEntry {
  tagId: number;
  name: string;
  slug: string;
}

/** What pages need of the menus: the entries of an edition's menu, in order. */
export interface MenuSource {
  menuFor(edition: Edition): readonly MenuEntry[];
}

/** Without an admin's list: this many of the busiest sections, and of the busiest regions. */
const DEFAULT_SECTIONS = 6;
const DEFAULT_REGIONS = 4;

/**
 * Changes that may change a menu and reach only the editions they name: which sections have
 * published stories there (the default menu's order). A story published in Portuguese reorders at
 * most the Portuguese menu.
 */
const EDITION_SCOPED_REASONS: readonly ChangeReason[] = [
  "article.published",
  "article.unpublished",
  "article.rescheduled",
  "article.deleted",
  "schedule.due",
  "story.tags",
  "menu.changed",
];

/**
 * Every change that may change a menu: those above, and the tags' names, slugs and kinds, which
 * may reach every edition (as may an unknown change). The settings arrive through
 * SettingsService.onReload.
 */
const MENU_REASONS: readonly ChangeReason[] = [
  ...EDITION_SCOPED_REASONS,
  "tag.renamed",
  "tag.reslugged",
  "tag.moved",
  "tag.merged",
];

/**
 * The header's section menu of every edition, kept in memory (every page shows it, 404s included):
 * the admin's list of section and region tags (`menuSections`), else the sections with the most
 * published stories followed by the featured regions (or the busiest regions). Reloaded before
 * caches purge on any change that may alter it; a change of the default menu that no purge rule
 * sees coming (a section overtaking another) is announced as `menu.changed`.
 */
export class SectionMenus implements MenuSource {
  readonly #db: Db;
  readonly #editions: Editions;
  readonly #events: ContentEvents | undefined;
  #menus = new Map<string, readonly MenuEntry[]>();
  #unsubscribe: (() => void) | undefined;

  constructor(db: Db, editions: Editions, events?: ContentEvents) {
    this.#db = db;
    this.#editions = editions;
    this.#events = events;
  }

  /** Menus loaded, and kept current by the process's content changes. */
  static async start(db: Db, editions: Editions, events?: ContentEvents): Promise<SectionMenus> {
    const menus = new SectionMenus(db, editions, events);
    await menus.reload();
    menus.#unsubscribe = events?.refreshOn(MENU_REASONS, (change) => menus.#hear(change));
    return menus;
  }

  close(): void {
    this.#unsubscribe?.();
  }

  menuFor(edition: Edition): readonly MenuEntry[] {
    return this.#menus.get(edition.code) ?? [];
  }

  /**
   * Reads the menus of the editions named (every edition's by default); returns the codes of those
   * whose menu is now different.
   */
  async reload(codes?: readonly string[]): Promise<string[]> {
    const now = new Date().toISOString();
    const editions = codes ? this.#editions.all.filter((e) => codes.includes(e.code)) : this.#editions.all;
    const loaded = await Promise.all(
      editions.map(async (edition) => [edition.code, await this.#load(edition, now)] as const),
    );
    const changed = loaded
      .filter(([code, menu]) => JSON.stringify(menu) !== JSON.stringify(this.#menus.get(code) ?? []))
      .map(([code]) => code);
    const menus = new Map(this.#menus);
    for (const [code, menu] of loaded) menus.set(code, menu);
    this.#menus = menus;
    return changed;
  }

  async #hear(change: ContentChange): Promise<void> {
    const scoped =
      change.editions.length > 0 && change.reasons.every((r) => EDITION_SCOPED_REASONS.includes(r));
    const changed = await this.reload(scoped ? change.editions : undefined);
    // Another process announces its own changes; a menu change is itself heard, not repeated.
    if (changed.length === 0 || change.origin === "remote" || change.reasons.includes("menu.changed")) return;
    await this.#events?.announce({
      reasons: ["menu.changed"],
      articleIds: [],
      storyIds: [],
      editions: changed,
      tagIds: [],
    });
  }

  async #load(edition: Edition, now: string): Promise<MenuEntry[]> {
    const keys =
      edition.menuSections.length > 0 ? edition.menuSections : await this.#defaultKeys(edition, now);
    if (keys.length === 0) return [];
    const rows = await this.#db
      .selectFrom("tags")
      .innerJoin("tagNames", "tagNames.tagId", "tags.id")
      .select(["tags.id", "tags.key", "tagNames.name", "tagNames.slug"])
      .where("tagNames.edition", "=", edition.code)
      .where("tags.key", "in", keys)
      .execute();
    // A tag without a name in the edition has no archive there: it is left out.
    return keys.flatMap((key) => {
      const row = rows.find((r) => r.key === key);
      return row ? [{ tagId: row.id, name: row.name, slug: row.slug }] : [];
    });
  }

  /** The busiest sections, then the featured regions (none featured: the busiest regions). */
  async #defaultKeys(edition: Edition, now: string): Promise<string[]> {
    const counts = await this.#db
      .selectFrom("tagListings")
      .innerJoin("tags", "tags.id", "tagListings.tagId")
      .select(["tags.key", "tags.kind", (eb) => eb.fn.countAll().as("stories")])
      .where("tagListings.edition", "=", edition.code)
      .where("tagListings.publishedAt", "<=", now)
      .where("tags.kind", "in", ["section", "region"])
      .groupBy(["tags.key", "tags.kind"])
      .execute();
    const busiest = (kind: TagKind, limit: number) =>
      counts
        .filter((row) => row.kind === kind)
        .sort((a, b) => Number(b.stories) - Number(a.stories) || a.key.localeCompare(b.key))
        .slice(0, limit)
        .map((row) => row.key);
    const regions =
      edition.featuredRegions.length > 0 ? edition.featuredRegions : busiest("region", DEFAULT_REGIONS);
    return [...busiest("section", DEFAULT_SECTIONS), ...regions];
  }
}
