import type { Db } from "../../db/database.ts";
import { foldText } from "../../shared/text/fold.ts";
import { foldedWords } from "../../shared/text/text-terms.ts";
import type { TagChip } from "./editor-types.ts";

const MAX_WORDS = 4;
/** Name rows read before the exact test; a taxonomy has a few thousand names, so this is plenty. */
const MAX_ROWS = 400;
// Letters an accented letter folds to: the SQL filter lets any character stand in for them (LIKE "_"),
// since SQLite's lower() knows no accents; the exact word-prefix test runs on folded names afterwards.
const FOLDABLE = /[aeiouycnszg]/g;

/**
 * The tags with these ids named for `edition`, in the order given: the edition's name, else the
 * default edition's, else any (`language` tells which). Unknown ids are left out.
 */
export async function tagChips(
  db: Db,
  tagIds: readonly number[],
  edition: string,
  defaultEdition: string,
): Promise<TagChip[]> {
  const ids = [...new Set(tagIds)];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("tags")
    .innerJoin("tagNames", "tagNames.tagId", "tags.id")
    .leftJoin("tagNames as parentNames", "parentNames.tagId", "tags.parentId")
    .select([
      "tags.id",
      "tags.key",
      "tags.kind",
      "tagNames.edition",
      "tagNames.name",
      "parentNames.edition as parentEdition",
      "parentNames.name as parentName",
    ])
    .where("tags.id", "in", ids)
    .execute();
  return ids.flatMap((id) => {
    const own = rows.filter((row) => row.id === id);
    const first = own[0];
    if (!first) return [];
    const pick = <T extends { edition: string | null }>(items: T[]) =>
      items.find((item) => item.edition === edition) ??
      items.find((item) => item.edition === defaultEdition) ??
      items[0];
    const name = pick(own) ?? first;
    const parent = pick(own.map((row) => ({ edition: row.parentEdition, name: row.parentName })));
    return [
      {
        id,
        key: first.key,
        kind: first.kind,
        name: name.name,
        language: name.edition,
        parentName: parent?.name ?? null,
      },
    ];
  });
}

/**
 * Type-ahead over tag names: tags whose name in any edition has a word starting with each typed word
 * (accents and case aside: "ira" finds "Irã" and "Iraque"), named for `edition` with fallbacks
 * marked. Names starting with the text come first, then shorter names.
 */
export async function searchTags(
  db: Db,
  query: { edition: string; defaultEdition: string; text: string; limit: number },
): Promise<TagChip[]> {
  const words = [...new Set(foldedWords(query.text))].slice(0, MAX_WORDS);
  if (words.length === 0 || query.limit <= 0) return [];
  let select = db.selectFrom("tagNames").select(["tagId", "name"]);
  for (const word of words) {
    const pattern = `%${word.replace(FOLDABLE, "_")}%`;
    select = select.where((eb) => eb(eb.fn("lower", ["name"]), "like", pattern));
  }
  const rows = await select.limit(MAX_ROWS).execute();
  const matching = rows.filter((row) => {
    const nameWords = foldedWords(row.name);
    return words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)));
  });
  const ids = [...new Set(matching.map((row) => row.tagId))];
  const chips = await tagChips(db, ids, query.edition, query.defaultEdition);
  const typed = words.join(" ");
  const rank = (chip: TagChip) => {
    if (foldedWords(chip.name).join(" ").startsWith(typed)) return 0;
    const anyName = matching.some((row) => row.tagId === chip.id && foldText(row.name).startsWith(typed));
    return anyName ? 1 : 2;
  };
  return chips
    .map((chip) => ({ chip, rank: rank(chip) }))
    .sort(
      (a, b) =>
        a.rank - b.rank || a.chip.name.length - b.chip.name.length || a.chip.name.localeCompare(b.chip.name),
    )
    .slice(0, query.limit)
    .map((entry) => entry.chip);
}
