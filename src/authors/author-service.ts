import { recordAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import {
  logBylineChange,
  replaceStoryBylines,
  sameBylines,
  storyBylineIds,
} from "../articles/story-bylines.ts";
import { type ContentChangeLog, changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { assertEditions } from "../editions/edition-service.ts";
import type { ContentEvents } from "../shared/content-events.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { assertValidSlug, slugify } from "../shared/slug.ts";
import { idList, idOrNull, nowIso, optionalText } from "../shared/validate.ts";
import { type AuthorLink, authorName, MAX_BIO, parseBios, parseLinks, readLinks } from "./author-profile.ts";

export interface AuthorInput {
  name: string;
  slug?: string;
  bio?: string | null;
}

/** A profile as the newsroom edits it; fields left out stay as they are on an update. */
export interface AuthorProfileInput {
  name?: unknown;
  slug?: unknown;
  /** The default bio, shown in an edition without its own. */
  bio?: unknown;
  /** Edition code → bio in its language (empty: none). */
  bios?: unknown;
  photoMediaId?: unknown;
  links?: unknown;
}

/** Who acts, for the rules and the audit log; absent for seeds and the command line. */
export interface AuthorActor {
  actor: Actor;
  ip?: string | null;
}

export interface AuthorProfile {
  id: number;
  slug: string;
  name: string;
  bio: string | null;
  bios: Record<string, string>;
  photoMediaId: number | null;
  links: AuthorLink[];
  createdAt: string;
  /** The newsroom user who writes as this author. */
  user: { id: number; name: string; email: string } | null;
  /** Stories with this byline. */
  storyCount: number;
}

const LIST_LIMIT = 200;
/** Bylines one story may carry. */
export const MAX_BYLINES = 10;

/** Tells the readers' caches that the author's profile (archive, bylines) changed, in every edition. */
async function announceProfile(trx: Db, log: ContentChangeLog, authorId: number): Promise<void> {
  const editions = await trx.selectFrom("editions").select("code").execute();
  log.other({
    reasons: ["author.changed"],
    articleIds: [],
    storyIds: [],
    editions: editions.map((row) => row.code),
    tagIds: [],
    authorIds: [authorId],
  });
}

/** The stories whose articles have the author as their lead byline. */
async function storiesLedBy(trx: Db, authorId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom("articles")
    .select("storyId")
    .distinct()
    .where("authorId", "=", authorId)
    .execute();
  return rows.map((row) => row.storyId);
}

/** The people credited on stories (bylines) and their profiles; newsroom accounts link to them. */
export class AuthorService {
  constructor(
    private readonly db: Db,
    /** Told of profile changes, which show on the reader site (app.contentEvents). */
    private readonly events?: ContentEvents,
  ) {}

  /** Creates the author, or updates the one with the same slug (seeds, imports). */
  async upsertAuthor(input: AuthorInput) {
    const name = authorName(input.name);
    const slug = assertValidSlug(input.slug ?? slugify(name));
    const bio = optionalText("bio", input.bio, MAX_BIO);
    return this.db
      .insertInto("authors")
      .values({ name, slug, bio, createdAt: nowIso() })
      .onConflict((oc) => oc.column("slug").doUpdateSet({ name, bio }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Adds the bios an author has none of yet in those editions (seeds: running twice changes nothing). */
  async addMissingBios(authorId: number, bios: Readonly<Record<string, string>>): Promise<void> {
    for (const [edition, bio] of parseBios(bios)) {
      if (bio === null) continue;
      await this.db
        .insertInto("authorBios")
        .values({ authorId, edition, bio })
        .onConflict((oc) => oc.columns(["authorId", "edition"]).doNothing())
        .execute();
    }
  }

  async findBySlug(slug: string) {
    return this.db.selectFrom("authors").selectAll().where("slug", "=", slug).executeTakeFirst();
  }

  async findById(id: number) {
    return this.db.selectFrom("authors").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Authors by name, those whose name or slug contains `search` when given. */
  async list(search = "") {
    const term = search.trim().toLowerCase();
    let query = this.db
      .selectFrom("authors")
      .leftJoin("users", "users.authorId", "authors.id")
      .select(["authors.id", "authors.name", "authors.slug", "users.id as userId", "users.name as userName"])
      .select((eb) =>
        eb
          .selectFrom("storyAuthors")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("storyAuthors.authorId", "=", "authors.id")
          .as("storyCount"),
      );
    if (term !== "") {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([eb(eb.fn("lower", ["authors.name"]), "like", like), eb("authors.slug", "like", like)]),
      );
    }
    const rows = await query.orderBy("authors.name").limit(LIST_LIMIT).execute();
    return rows.map((row) => ({ ...row, storyCount: Number(row.storyCount ?? 0) }));
  }

  /** Everything the newsroom's profile form shows. */
  async getProfile(id: number): Promise<AuthorProfile> {
    const author = await this.findById(id);
    if (!author) throw new NotFoundError("author", id);
    const [bios, user, count] = await Promise.all([
      this.db.selectFrom("authorBios").select(["edition", "bio"]).where("authorId", "=", id).execute(),
      this.db
        .selectFrom("users")
        .select(["id", "name", "email"])
        .where("authorId", "=", id)
        .executeTakeFirst(),
      this.db
        .selectFrom("storyAuthors")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("authorId", "=", id)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      id: author.id,
      slug: author.slug,
      name: author.name,
      bio: author.bio,
      bios: Object.fromEntries(bios.map((row) => [row.edition, row.bio])),
      photoMediaId: author.photoMediaId,
      links: readLinks(author.links),
      createdAt: author.createdAt,
      user: user ?? null,
      storyCount: Number(count.n),
    };
  }

  /**
   * What an author's page shows in `edition`: the bio in its language, else the default bio, else
   * one written for another edition (`edition` then says which language it is in).
   */
  async readerProfile(author: { id: number; bio: string | null; links: string }, edition: string) {
    const bios = await this.db
      .selectFrom("authorBios")
      .innerJoin("editions", "editions.code", "authorBios.edition")
      .select(["authorBios.edition", "authorBios.bio"])
      .where("authorBios.authorId", "=", author.id)
      .orderBy("editions.position")
      .execute();
    const own = bios.find((row) => row.edition === edition);
    const other = bios[0];
    const bio = own
      ? { text: own.bio, edition: null }
      : author.bio
        ? { text: author.bio, edition: null }
        : other
          ? { text: other.bio, edition: other.edition }
          : null;
    return { bio, links: readLinks(author.links) };
  }

  /** The id of the author profile `userId` writes as, if any. */
  async authorOfUser(userId: number): Promise<number | null> {
    const row = await this.db
      .selectFrom("users")
      .select("authorId")
      .where("id", "=", userId)
      .executeTakeFirst();
    return row?.authorId ?? null;
  }

  /** A new profile (editors and admins; the command line and invitations pass no actor). */
  async createAuthor(input: AuthorProfileInput, by?: AuthorActor): Promise<AuthorProfile> {
    if (by) assertCan(by.actor, "author.manage");
    const name = authorName(input.name);
    const slug = await this.freeSlug(this.db, input.slug, name, null);
    const id = await changeContent(this.db, this.events, async (trx, log) => {
      const row = await trx
        .insertInto("authors")
        .values({ name, slug, bio: optionalText("bio", input.bio, MAX_BIO), createdAt: nowIso() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.writeDetails(trx, row.id, input);
      await this.audit(trx, by, "author.create", row.id, { name, slug });
      // Its address may have been asked for before (a cached "not found").
      await announceProfile(trx, log, row.id);
      return row.id;
    });
    return this.getProfile(id);
  }

  /** Changes a profile; purges their archive and the pages showing their byline. */
  async updateAuthor(id: number, input: AuthorProfileInput, by?: AuthorActor): Promise<AuthorProfile> {
    if (by) assertCan(by.actor, "author.edit", { ownerUserId: await this.linkedUserId(id) });
    await changeContent(this.db, this.events, async (trx, log) => {
      const author = await trx.selectFrom("authors").selectAll().where("id", "=", id).executeTakeFirst();
      if (!author) throw new NotFoundError("author", id);
      const name = input.name === undefined ? author.name : authorName(input.name);
      const slug =
        input.slug === undefined ? author.slug : await this.freeSlug(trx, input.slug, name, author.id);
      const bio = input.bio === undefined ? author.bio : optionalText("bio", input.bio, MAX_BIO);
      await trx.updateTable("authors").set({ name, slug, bio }).where("id", "=", id).execute();
      // The search index holds each article's lead byline: its stories are found by the new name.
      if (name !== author.name) log.stories(null, await storiesLedBy(trx, id));
      await this.writeDetails(trx, id, input);
      await this.audit(trx, by, "author.update", id, {
        name,
        ...(slug !== author.slug ? { slug, formerSlug: author.slug } : {}),
      });
      await announceProfile(trx, log, id);
    });
    return this.getProfile(id);
  }

  /** The story's bylines, lead first. */
  async getBylines(storyId: number): Promise<{ id: number; name: string; slug: string }[]> {
    return this.db
      .selectFrom("storyAuthors")
      .innerJoin("authors", "authors.id", "storyAuthors.authorId")
      .select(["authors.id", "authors.name", "authors.slug"])
      .where("storyAuthors.storyId", "=", storyId)
      .orderBy("storyAuthors.position")
      .execute();
  }

  /**
   * Sets the story's bylines, in order (every edition's article shows them). Joins the unit of work
   * running on this service's transaction (the editor's save); purges the story's pages and the
   * archives of its former and new authors.
   */
  async setBylines(storyId: number, authorIds: unknown): Promise<void> {
    const wanted = idList("authorIds", authorIds, MAX_BYLINES);
    await changeContent(this.db, this.events, async (trx, log) => {
      const story = await trx.selectFrom("stories").select("id").where("id", "=", storyId).executeTakeFirst();
      if (!story) throw new NotFoundError("story", storyId);
      if (wanted.length > 0) {
        const found = await trx.selectFrom("authors").select("id").where("id", "in", wanted).execute();
        const missing = wanted.find((id) => !found.some((row) => row.id === id));
        if (missing !== undefined) throw new ValidationError("authorIds", `there is no author #${missing}`);
      }
      const former = await storyBylineIds(trx, storyId);
      if (sameBylines(former, wanted)) return;
      await replaceStoryBylines(trx, storyId, wanted);
      await logBylineChange(trx, log, storyId, former);
    });
  }

  /** Deletes a profile no story credits (its archive is empty); a linked account loses its link. */
  async deleteAuthor(id: number, by?: AuthorActor): Promise<void> {
    if (by) assertCan(by.actor, "author.manage");
    await changeContent(this.db, this.events, async (trx) => {
      const author = await trx
        .selectFrom("authors")
        .select(["id", "name"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!author) throw new NotFoundError("author", id);
      const used = await trx
        .selectFrom("storyAuthors")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("authorId", "=", id)
        .executeTakeFirstOrThrow();
      if (Number(used.n) > 0) {
        throw new ConflictError(
          `${author.name} is the byline of ${used.n} ${Number(used.n) === 1 ? "story" : "stories"}; remove those bylines first.`,
          { authorId: id },
        );
      }
      await trx.updateTable("users").set({ authorId: null }).where("authorId", "=", id).execute();
      await trx.updateTable("articles").set({ authorId: null }).where("authorId", "=", id).execute();
      await trx.deleteFrom("authors").where("id", "=", id).execute();
      await this.audit(trx, by, "author.delete", id, { name: author.name });
    });
  }

  /**
   * The profile an invitation asked for, created when it is accepted (in its transaction) and linked
   * to the new user: named as the admin wrote it, at a free address ("ana-lima-2" if need be).
   */
  async createProfileForUser(trx: Db, userId: number, name: string): Promise<number> {
    const base = slugify(authorName(name)) || "author";
    let slug = base;
    for (
      let n = 2;
      await trx.selectFrom("authors").select("id").where("slug", "=", slug).executeTakeFirst();
      n++
    ) {
      slug = `${base}-${n}`;
    }
    const profile = await new AuthorService(trx, this.events).createAuthor({ name, slug });
    await this.linkUser(trx, userId, profile.id);
    await recordAudit(trx, {
      actorUserId: userId,
      action: "author.link",
      subjectType: "author",
      subjectId: profile.id,
      details: { userId, via: "invite" },
    });
    return profile.id;
  }

  /** Links a newsroom user to the profile they write as (one account per profile). */
  async linkUser(trx: Db, userId: number, authorId: number | null): Promise<void> {
    if (authorId !== null) {
      const taken = await trx
        .selectFrom("users")
        .select(["id", "email"])
        .where("authorId", "=", authorId)
        .where("id", "<>", userId)
        .executeTakeFirst();
      if (taken) throw new ConflictError(`This author profile is already linked to ${taken.email}.`);
    }
    await trx.updateTable("users").set({ authorId }).where("id", "=", userId).execute();
  }

  private async linkedUserId(authorId: number): Promise<number | null> {
    const row = await this.db
      .selectFrom("users")
      .select("id")
      .where("authorId", "=", authorId)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** The slug asked for (or made from the name), refused when another author has it. */
  private async freeSlug(db: Db, given: unknown, name: string, self: number | null): Promise<string> {
    const text = typeof given === "string" && given.trim() !== "" ? given.trim() : slugify(name);
    const slug = assertValidSlug(text);
    const other = await db
      .selectFrom("authors")
      .select(["id", "name"])
      .where("slug", "=", slug)
      .executeTakeFirst();
    if (other && other.id !== self) {
      throw new ValidationError("slug", `"${slug}" is already the address of ${other.name}; choose another`);
    }
    return slug;
  }

  /** Photo, links and per-edition bios, each when given. */
  private async writeDetails(trx: Db, id: number, input: AuthorProfileInput): Promise<void> {
    if (input.photoMediaId !== undefined) {
      const photoMediaId = idOrNull("photoMediaId", input.photoMediaId);
      if (photoMediaId !== null) {
        const media = await trx
          .selectFrom("media")
          .select("id")
          .where("id", "=", photoMediaId)
          .executeTakeFirst();
        if (!media) throw new ValidationError("photoMediaId", `there is no picture #${photoMediaId}`);
      }
      await trx.updateTable("authors").set({ photoMediaId }).where("id", "=", id).execute();
    }
    if (input.links !== undefined) {
      const links = JSON.stringify(parseLinks(input.links));
      await trx.updateTable("authors").set({ links }).where("id", "=", id).execute();
    }
    const bios = parseBios(input.bios);
    await assertEditions(trx, "bios", [...bios.keys()]);
    for (const [edition, bio] of bios) {
      await trx.deleteFrom("authorBios").where("authorId", "=", id).where("edition", "=", edition).execute();
      if (bio !== null) await trx.insertInto("authorBios").values({ authorId: id, edition, bio }).execute();
    }
  }

  private async audit(
    trx: Db,
    by: AuthorActor | undefined,
    action: string,
    authorId: number,
    details: Record<string, unknown>,
  ): Promise<void> {
    await recordAudit(trx, {
      actorUserId: by?.actor.id ?? null,
      action,
      subjectType: "author",
      subjectId: authorId,
      details,
      ip: by?.ip ?? null,
    });
  }
}
