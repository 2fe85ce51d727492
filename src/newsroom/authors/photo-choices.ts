import type { Db } from "../../db/database.ts";
import type { MediaChoice } from "../editor/editor-types.ts";
import { mediaChoices } from "../editor/media-lookup.ts";
import { searchMedia } from "../media/media-queries.ts";

const SHOWN = 12;

/**
 * The pictures a profile's photo is chosen from, without script: the current photo first, then the
 * media library's matches for `search` (file name, credit, captions), or its newest pictures.
 */
export async function photoChoices(
  db: Db,
  options: { current: number | null; search: string; edition: string },
): Promise<MediaChoice[]> {
  const found = await searchMedia(db, [options.edition], { q: options.search, limit: SHOWN });
  const ids = [...(options.current === null ? [] : [options.current]), ...found.items.map((item) => item.id)];
  return mediaChoices(db, ids, options.edition);
}
