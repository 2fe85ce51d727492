import type { Db } from "../db/database.ts";
import { optionalText, optionalUrl, requiredText } from "../shared/validate.ts";

export interface SourceInput {
  name: string;
  shortName?: string | null;
  url?: string | null;
}

/** Where a story's reporting comes from (a wire, an outlet), shown as attribution. */
export class SourceService {
  constructor(private readonly db: Db) {}

  /** Every source, by name: what stories may be attributed to. */
  async list() {
    return this.db.selectFrom("sources").select(["id", "name", "shortName", "url"]).orderBy("name").execute();
  }

  /** Creates the source, or updates the one with the same name. */
  async upsertSource(input: SourceInput) {
    const name = requiredText("name", input.name, 120);
    const shortName = optionalText("shortName", input.shortName, 20);
    const url = optionalUrl("url", input.url);
    return this.db
      .insertInto("sources")
      .values({ name, shortName, url })
      .onConflict((oc) => oc.column("name").doUpdateSet({ shortName, url }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
