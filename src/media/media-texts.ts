import type { Db } from "../db/database.ts";
import { UnknownEditionError, ValidationError } from "../shared/errors.ts";
import { foldText } from "../shared/text/fold.ts";

const LIMITS = { caption: 2000, alt: 1000, credit: 300 } as const;

export interface MediaTextsInput {
  caption?: string | null;
  alt?: string | null;
}

export function cleanTexts(texts: MediaTextsInput): MediaTextsInput {
  return { caption: cleanText(texts.caption, "caption"), alt: cleanText(texts.alt, "alt") };
}

/**
 * Trims; blank becomes null; undefined stays undefined (meaning "leave as it is"). A NUL is refused:
 * PostgreSQL cannot store one (the routes refuse it first, naming their own field).
 */
export function cleanText(
  value: string | null | undefined,
  field: keyof typeof LIMITS,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = value.trim();
  if (text.length > LIMITS[field])
    throw new ValidationError(field, `keep it under ${LIMITS[field]} characters`);
  return text === "" ? null : text;
}

/** Throws UnknownEditionError unless every code names an edition of the site. */
export async function requireEditions(db: Db, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const rows = await db.selectFrom("editions").select("code").orderBy("position").execute();
  const known = rows.map((row) => row.code);
  const unknown = codes.find((code) => !known.includes(code));
  if (unknown !== undefined) throw new UnknownEditionError(unknown, known);
}

/**
 * What library searches match: the file name, credit, captions and alt texts of every edition, in
 * lowercase without accents (so "acao" finds "Ação" in SQLite as in PostgreSQL, with no extension).
 */
export function mediaSearchText(parts: readonly (string | null | undefined)[]): string {
  return foldText(parts.filter((part) => part != null && part !== "").join("\n"));
}

/** Recomputes a picture's search text from what is stored (after its credit or texts changed). */
export async function refreshSearchText(db: Db, mediaId: number): Promise<void> {
  const [media, texts] = await Promise.all([
    db.selectFrom("media").select(["originalName", "credit"]).where("id", "=", mediaId).executeTakeFirst(),
    db
      .selectFrom("mediaTexts")
      .select(["caption", "alt"])
      .where("mediaId", "=", mediaId)
      .orderBy("edition")
      .execute(),
  ]);
  if (!media) return;
  const searchText = mediaSearchText([
    media.originalName,
    media.credit,
    ...texts.flatMap((t) => [t.caption, t.alt]),
  ]);
  await db.updateTable("media").set({ searchText }).where("id", "=", mediaId).execute();
}
