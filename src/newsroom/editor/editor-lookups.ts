import { type Actor, can } from "../../accounts/authorization/policy.ts";
import { readableArticles } from "../../accounts/authorization/readable-articles.ts";
import { storyVersionFor } from "../../articles/story-version.ts";
import type { Db } from "../../db/database.ts";
import { ForbiddenError } from "../../shared/errors.ts";
import { nowIso, optionalText, optionalUrl, requiredText } from "../../shared/validate.ts";
import { SourceService } from "../../sources/source-service.ts";
import type { AuthorChoice, SourceChoice } from "./editor-types.ts";

const MAX_LISTED = 500;

/**
 * The titles READ callouts show in the editor, by story id: the article in `edition` if the story has
 * one, else its original, whatever their status (the editor says what a callout points at even before
 * readers can follow it), among the articles `actor` may read: a callout typed by hand to someone
 * else's draft does not reveal its title.
 */
export async function storyTitles(
  db: Db,
  actor: Actor,
  storyIds: readonly number[],
  edition: string,
): Promise<Record<string, { title: string; edition: string }>> {
  const ids = [...new Set(storyIds)];
  if (ids.length === 0) return {};
  const rows = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select(["articles.storyId", "articles.edition", "articles.title", "stories.originalEdition"])
    .where("articles.storyId", "in", ids)
    .where(readableArticles(actor, nowIso()))
    .execute();
  const titles: Record<string, { title: string; edition: string }> = {};
  for (const id of ids) {
    const versions = rows.filter((row) => row.storyId === id);
    const shown = storyVersionFor(versions, edition);
    if (shown) titles[String(id)] = { title: shown.title, edition: shown.edition };
  }
  return titles;
}

/** Every source, by name (attributions are few: wires and outlets). */
export async function listSources(db: Db): Promise<SourceChoice[]> {
  return db
    .selectFrom("sources")
    .select(["id", "name", "shortName", "url"])
    .orderBy("name")
    .limit(MAX_LISTED)
    .execute();
}

/**
 * Adds a source from the editor; one with the same name (case aside) is returned unchanged, so a
 * hurried click never rewrites an existing attribution. Whoever may write articles may add sources.
 */
export async function createSource(
  db: Db,
  actor: Actor,
  input: Record<string, unknown>,
): Promise<SourceChoice> {
  if (!can(actor, "article.create") && !can(actor, "article.editAny")) {
    throw new ForbiddenError(
      `${/^[aeiou]/.test(actor.role) ? "An" : "A"} ${actor.role} may not add sources.`,
      { action: "source.create", role: actor.role },
    );
  }
  const name = requiredText("name", input.name, 120);
  const shortName = optionalText("shortName", input.shortName, 20);
  const url = optionalUrl("url", input.url);
  const existing = await db
    .selectFrom("sources")
    .select(["id", "name", "shortName", "url"])
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .executeTakeFirst();
  if (existing) return existing;
  const row = await new SourceService(db).upsertSource({
    name,
    shortName,
    url,
  });
  return { id: row.id, name: row.name, shortName: row.shortName, url: row.url };
}

/** The bylines an article can carry, by name. */
export async function listAuthors(db: Db): Promise<AuthorChoice[]> {
  return db.selectFrom("authors").select(["id", "name"]).orderBy("name").limit(MAX_LISTED).execute();
}
