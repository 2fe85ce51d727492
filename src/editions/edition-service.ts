import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import { UnknownEditionError, ValidationError } from "../shared/errors.ts";
import type { Edition, EditionSettings } from "./edition.ts";

/** Records the configured editions so that articles, tags and media can reference them. */
export async function syncEditions(db: Db, editions: readonly Edition[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [position, edition] of editions.entries()) {
      await trx
        .insertInto("editions")
        .values({ code: edition.code, locale: edition.locale, timeZone: edition.timeZone, position })
        .onConflict((oc) =>
          oc.column("code").doUpdateSet({ locale: edition.locale, timeZone: edition.timeZone, position }),
        )
        .execute();
    }
  });
}

// Every article and story written checks its edition: compiled once.
const editionCodesQuery = preparedQuery((db: Db) =>
  db.selectFrom("editions").select("code").orderBy("position"),
);

/** Refuses edition codes that are not editions of this site, naming the ones that are. */
export async function assertEditions(db: Db, field: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const known = await editionCodesQuery(db);
  const unknown = codes.find((code) => !known.some((e) => e.code === code));
  if (unknown !== undefined) {
    throw new ValidationError(
      field,
      `"${unknown}" is not an edition; use one of ${known.map((e) => e.code).join(", ")}`,
    );
  }
}

/** The configured editions, looked up by language code or by host. */
export class Editions {
  readonly all: readonly Edition[];
  readonly default: Edition;
  private readonly byCode: Map<string, Edition>;

  constructor(editions: readonly Edition[], defaultEdition: Edition) {
    this.all = editions;
    this.default = defaultEdition;
    this.byCode = new Map(editions.map((e) => [e.code, e]));
  }

  get(code: string): Edition {
    const edition = this.byCode.get(code);
    if (!edition) throw new UnknownEditionError(code, this.codes());
    return edition;
  }

  find(code: string): Edition | undefined {
    return this.byCode.get(code);
  }

  byHost(host: string): Edition | undefined {
    const name = host.toLowerCase();
    return this.all.find((e) => e.host === name || (e.host !== null && e.host.split(":")[0] === name));
  }

  /**
   * Applies what admins set for an edition (src/settings/). The Edition objects are shared by every
   * route, form and purge rule built at start, so they change in place: all of them see the new
   * time zone, featured regions or menu at once, without a restart.
   */
  applySettings(code: string, settings: EditionSettings): void {
    const edition = this.get(code);
    edition.displayName = settings.displayName;
    edition.timeZone = settings.timeZone;
    edition.featuredRegions = [...settings.featuredRegions];
    edition.menuSections = [...settings.menuSections];
  }

  codes(): string[] {
    return this.all.map((e) => e.code);
  }
}
