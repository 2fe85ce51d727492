import type { Db } from "../db/database.ts";
import { assertValidSlug, slugify } from "../shared/slug.ts";
import { nowIso, optionalText, requiredText } from "../shared/validate.ts";

export interface AuthorInput {
  name: string;
  slug?: string;
  bio?: string | null;
}

/** The people credited on articles (bylines); newsroom accounts come separately. */
export class AuthorService {
  constructor(private readonly db: Db) {}

  /** Creates the author, or updates the one with the same slug. */
  async upsertAuthor(input: AuthorInput) {
    const name = requiredText("name", input.name, 120);
    const slug = assertValidSlug(input.slug ?? slugify(name));
    const bio = optionalText("bio", input.bio, 2000);
    return this.db
      .insertInto("authors")
      .values({ name, slug, bio, createdAt: nowIso() })
      .onConflict((oc) => oc.column("slug").doUpdateSet({ name, bio }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findBySlug(slug: string) {
    return this.db.selectFrom("authors").selectAll().where("slug", "=", slug).executeTakeFirst();
  }

  async findById(id: number) {
    return this.db.selectFrom("authors").selectAll().where("id", "=", id).executeTakeFirst();
  }
}
