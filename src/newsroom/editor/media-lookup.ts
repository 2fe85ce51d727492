import type { Db } from "../../db/database.ts";
import { mediaUrl } from "../../media/media-storage.ts";
import type { MediaChoice } from "./editor-types.ts";

/** The images with these ids, in the order given; unknown ids (or images without variants) are left out. */
export async function mediaChoices(
  db: Db,
  mediaIds: readonly number[],
  edition: string,
): Promise<MediaChoice[]> {
  const ids = [...new Set(mediaIds)];
  if (ids.length === 0) return [];
  const [rows, texts, variants] = await Promise.all([
    db
      .selectFrom("media")
      .select(["id", "originalName", "credit", "width", "height"])
      .where("id", "in", ids)
      .execute(),
    db
      .selectFrom("mediaTexts")
      .select(["mediaId", "edition", "caption", "alt"])
      .where("mediaId", "in", ids)
      .execute(),
    db
      .selectFrom("mediaVariants")
      .select(["mediaId", "file", "width"])
      .where("mediaId", "in", ids)
      .where("format", "=", "jpeg")
      .orderBy("width")
      .execute(),
  ]);
  return ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    const thumb = variants.find((v) => v.mediaId === id);
    if (!row || !thumb) return [];
    const own = texts.filter((t) => t.mediaId === id);
    const text = own.find((t) => t.edition === edition) ?? own.find((t) => t.caption !== null) ?? own[0];
    return [
      {
        id,
        thumb: mediaUrl(thumb.file),
        width: row.width,
        height: row.height,
        caption: text?.caption ?? null,
        alt: text?.alt ?? text?.caption ?? "",
        credit: row.credit,
        name: row.originalName,
      },
    ];
  });
}
