import { type AuditMeta, recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import type { TagKind } from "../db/schema.ts";
import type { EditionSettings } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import { MediaService } from "../media/media-service.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { PictureData } from "../media/picture.ts";
import type { ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ValidationError } from "../shared/errors.ts";
import { rowIdFrom } from "../shared/ids.ts";
import {
  displayNameFrom,
  type EditionSettingsForm,
  type EffectiveSettings,
  type GeneralSettingsForm,
  menuKeysFrom,
  regionKeysFrom,
  type SavedSettings,
  type SiteIdentity,
  siteNameFrom,
  storedRegionKeys,
  timeZoneFrom,
} from "./site-settings.ts";

export interface SettingsServiceOptions {
  db: Db;
  /** The site's editions: their Edition objects are updated in place when settings change. */
  editions: Editions;
  /** SITE_NAME: the default, and the name until an admin saves another. */
  siteName: string;
  mediaStore: MediaStore;
  /** The process's "content changed" event: changes are announced, and heard from other processes. */
  events?: ContentEvents | undefined;
}

type EditionValues = { code: string } & EditionSettings;

/**
 * The site's settings: the environment's values as defaults, overridden by what admins saved at
 * /newsroom/settings. Kept in memory (pages read them on every request) and reloaded whenever a
 * "site.settings" change is announced, by this process or, through the cluster relay, another one.
 */
export class SettingsService implements SiteIdentity {
  readonly #db: Db;
  readonly #editions: Editions;
  readonly #media: MediaService;
  readonly #events: ContentEvents | undefined;
  readonly #defaults: EffectiveSettings["defaults"];
  #current: EffectiveSettings;
  #unsubscribe: (() => void) | undefined;
  readonly #afterReload = new Set<() => Promise<void>>();

  constructor(options: SettingsServiceOptions) {
    this.#db = options.db;
    this.#editions = options.editions;
    this.#events = options.events;
    this.#media = new MediaService({ db: options.db, mediaStore: options.mediaStore });
    this.#defaults = {
      siteName: options.siteName,
      editions: options.editions.all.map((edition) => ({
        code: edition.code,
        displayName: edition.displayName,
        timeZone: edition.timeZone,
        featuredRegions: [...edition.featuredRegions],
        menuSections: [...edition.menuSections],
      })),
    };
    this.#current = {
      general: { siteName: options.siteName, logoMediaId: null },
      logo: null,
      editions: this.#defaults.editions,
      defaults: this.#defaults,
    };
  }

  /** A service with the stored settings in effect, reloading them whenever a change is announced. */
  static async start(options: SettingsServiceOptions): Promise<SettingsService> {
    const service = new SettingsService(options);
    await service.reload();
    // Before the page cache drops the pages: a page rendered after the purge shows the new settings.
    service.#unsubscribe = options.events?.refreshOn(["site.settings"], () => service.reload());
    return service;
  }

  /** Stops listening for changes. */
  close(): void {
    this.#unsubscribe?.();
  }

  /** The site's name in effect. */
  get siteName(): string {
    return this.#current.general.siteName;
  }

  /** The logo in effect, or null. */
  get logo(): PictureData | null {
    return this.#current.logo;
  }

  /** The publication's name on an edition's pages: its display name, else the site's. */
  nameFor(edition: { displayName: string | null }): string {
    return edition.displayName ?? this.siteName;
  }

  /** Everything in effect, with the environment's defaults (the settings page shows both). */
  current(): EffectiveSettings {
    return this.#current;
  }

  /** What admins saved, as the forms show it: empty where the environment's value applies. */
  async saved(): Promise<SavedSettings> {
    const [site, rows] = await Promise.all([
      this.#db.selectFrom("siteSettings").select("siteName").where("id", "=", 1).executeTakeFirst(),
      this.#db.selectFrom("editionSettings").selectAll().execute(),
    ]);
    const editions: SavedSettings["editions"] = {};
    for (const row of rows) {
      editions[row.edition] = {
        displayName: row.displayName ?? "",
        timeZone: row.timeZone ?? "",
        featuredRegions: (storedRegionKeys(row.featuredRegions) ?? []).join(", "),
        menuSections: (storedRegionKeys(row.menuSections) ?? []).join(", "),
      };
    }
    return { site: { siteName: site?.siteName ?? null }, editions };
  }

  /** The tags of a kind (regions to feature, sections for the menu), named in the default edition. */
  async tagsOfKind(kind: TagKind): Promise<{ key: string; name: string }[]> {
    const rows = await this.#db
      .selectFrom("tags")
      .leftJoin("tagNames", (join) =>
        join.onRef("tagNames.tagId", "=", "tags.id").on("tagNames.edition", "=", this.#editions.default.code),
      )
      .select(["tags.key", "tagNames.name"])
      .where("tags.kind", "=", kind)
      .orderBy("tags.key")
      .execute();
    return rows.map((row) => ({ key: row.key, name: row.name ?? row.key }));
  }

  /** Reads the stored settings and puts them in effect, the editions' included. */
  async reload(): Promise<void> {
    const [site, rows] = await Promise.all([
      this.#db.selectFrom("siteSettings").selectAll().where("id", "=", 1).executeTakeFirst(),
      this.#db.selectFrom("editionSettings").selectAll().execute(),
    ]);
    const editions = this.#defaults.editions.map((defaults): EditionValues => {
      const row = rows.find((r) => r.edition === defaults.code);
      return {
        code: defaults.code,
        displayName: row?.displayName ?? defaults.displayName,
        timeZone: row?.timeZone ?? defaults.timeZone,
        featuredRegions: storedRegionKeys(row?.featuredRegions ?? null) ?? defaults.featuredRegions,
        menuSections: storedRegionKeys(row?.menuSections ?? null) ?? defaults.menuSections,
      };
    });
    const logoMediaId = site?.logoMediaId ?? null;
    const logo = logoMediaId === null ? null : await this.#logoPicture(logoMediaId);
    for (const edition of editions) this.#editions.applySettings(edition.code, edition);
    this.#current = {
      general: { siteName: site?.siteName ?? this.#defaults.siteName, logoMediaId },
      logo,
      editions,
      defaults: this.#defaults,
    };
    // Inside the reload: what derives from the settings is current before any page is purged.
    await Promise.all([...this.#afterReload].map((listener) => listener()));
  }

  /**
   * Runs `listener` at the end of every reload (the header's menus derive from the editions'
   * settings); returns the function that removes it.
   */
  onReload(listener: () => Promise<void>): () => void {
    this.#afterReload.add(listener);
    return () => this.#afterReload.delete(listener);
  }

  /** Saves the site's name and logo (admins); an empty name returns to SITE_NAME. */
  async updateGeneral(actor: Actor, form: GeneralSettingsForm, meta: AuditMeta = {}): Promise<void> {
    assertCan(actor, "settings.edit");
    const siteName = siteNameFrom(form.siteName);
    const logoMediaId = await this.#logoFrom(form.logo);
    await this.#save(async (trx) => {
      const before = await trx.selectFrom("siteSettings").selectAll().where("id", "=", 1).executeTakeFirst();
      const old = { siteName: before?.siteName ?? null, logoMediaId: before?.logoMediaId ?? null };
      if (old.siteName === siteName && old.logoMediaId === logoMediaId) return false;
      const values = {
        siteName,
        logoMediaId,
        updatedAt: new Date().toISOString(),
        updatedByUserId: actor.id,
      };
      await trx
        .insertInto("siteSettings")
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column("id").doUpdateSet(values))
        .execute();
      await audit(
        trx,
        actor,
        "settings.site",
        "site",
        { before: old, after: { siteName, logoMediaId } },
        meta,
      );
      return true;
    });
  }

  /**
   * Saves an edition's display name, time zone, featured regions and header menu (admins); empty
   * returns to the default.
   */
  async updateEdition(
    actor: Actor,
    code: string,
    form: EditionSettingsForm,
    meta: AuditMeta = {},
  ): Promise<void> {
    assertCan(actor, "settings.edit");
    const edition = this.#editions.get(code).code;
    const displayName = displayNameFrom(form.displayName);
    const timeZone = timeZoneFrom(form.timeZone);
    const featuredRegions = regionKeysFrom(form.featuredRegions);
    const menuSections = menuKeysFrom(form.menuSections ?? "");
    await this.#assertTags("featuredRegions", featuredRegions ?? [], ["region"]);
    await this.#assertTags("menuSections", menuSections ?? [], ["section", "region"]);
    const after = { displayName, timeZone, featuredRegions, menuSections };
    await this.#save(async (trx) => {
      const row = await trx
        .selectFrom("editionSettings")
        .selectAll()
        .where("edition", "=", edition)
        .executeTakeFirst();
      const before = {
        displayName: row?.displayName ?? null,
        timeZone: row?.timeZone ?? null,
        featuredRegions: storedRegionKeys(row?.featuredRegions ?? null),
        menuSections: storedRegionKeys(row?.menuSections ?? null),
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return false;
      const values = {
        displayName,
        timeZone,
        featuredRegions: featuredRegions === null ? null : JSON.stringify(featuredRegions),
        menuSections: menuSections === null ? null : JSON.stringify(menuSections),
        updatedAt: new Date().toISOString(),
        updatedByUserId: actor.id,
      };
      await trx
        .insertInto("editionSettings")
        .values({ edition, ...values })
        .onConflict((oc) => oc.column("edition").doUpdateSet(values))
        .execute();
      await audit(trx, actor, "settings.edition", edition, { before, after }, meta);
      return true;
    });
  }

  /** One unit of work: the write, then (if it changed anything) "site.settings" for every process. */
  async #save(write: (trx: Db) => Promise<boolean>): Promise<void> {
    await changeContent(this.#db, this.#events, async (trx, log) => {
      if (await write(trx)) log.other(settingsChange(this.#editions.codes()));
    });
    // Without events nobody announces the change back to us: put it in effect here.
    if (!this.#events) await this.reload();
  }

  async #logoFrom(value: string): Promise<number | null> {
    if (value.trim() === "") return null;
    const id = rowIdFrom(value.trim());
    const picture = id === null ? null : await this.#logoPicture(id);
    if (id === null || picture === null) {
      throw new ValidationError("logo", `"${value.slice(0, 20)}" is not a picture of the media library`);
    }
    return id;
  }

  async #logoPicture(mediaId: number): Promise<PictureData | null> {
    const edition = this.#editions.default.code;
    return (await this.#media.getPictures([mediaId], edition, edition)).get(mediaId) ?? null;
  }

  /** Refuses a key that is not a tag of the kinds given, listing those that are. */
  async #assertTags(field: string, keys: readonly string[], kinds: readonly TagKind[]): Promise<void> {
    if (keys.length === 0) return;
    const tags = await this.#db.selectFrom("tags").select("key").where("kind", "in", kinds).execute();
    const known = new Set(tags.map((tag) => tag.key));
    const unknown = keys.find((key) => !known.has(key));
    if (unknown !== undefined) {
      const list = [...known].sort().join(", ") || "none yet";
      const what = kinds.join(" or ");
      throw new ValidationError(field, `"${unknown}" is not a ${what} tag; ${what} tags: ${list}`);
    }
  }
}

/** Every reader page shows the settings: the change names every edition. */
function settingsChange(editions: string[]): ContentChange {
  return { reasons: ["site.settings"], articleIds: [], storyIds: [], editions, tagIds: [] };
}

async function audit(
  db: Db,
  actor: Actor,
  action: "settings.site" | "settings.edition",
  subjectId: string,
  details: Record<string, unknown>,
  meta: AuditMeta,
): Promise<void> {
  await recordAudit(db, {
    actorUserId: actor.id,
    action,
    subjectType: "settings",
    subjectId,
    details,
    ip: meta.ip ?? null,
  });
}
