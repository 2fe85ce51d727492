import { recordAudit } from "../../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../../accounts/authorization/policy.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import { MediaService, type MediaTextsInput } from "../../media/media-service.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError } from "../../shared/errors.ts";

/** What a picture edit needs: the database, the events that purge pages, the site's editions. */
export interface PictureEditDeps {
  db: Db;
  mediaStore: MediaStore;
  /** The site's edition codes: texts for any other code are ignored. */
  editions: readonly string[];
  events?: ContentEvents | undefined;
}

/** What to change; a field left undefined is left as it is. */
export interface MediaChanges {
  credit?: string | null | undefined;
  texts?: Record<string, MediaTextsInput> | undefined;
}

export interface RequestMeta {
  ip?: string | null;
}

/**
 * Changes a picture's credit and the texts of some editions in one unit of work, audited: the one
 * way the media library and the translation page change them. Only what differs from what is stored
 * is checked against the policy and written: a translator may send the whole form and change only
 * the editions assigned to them; the credit, shared by every edition, needs an editor, an admin or
 * the uploader. Says what changed.
 */
export async function editPicture(
  deps: PictureEditDeps,
  actor: Actor,
  mediaId: number,
  changes: MediaChanges,
  meta: RequestMeta = {},
): Promise<{ credit: boolean; editions: string[] }> {
  const media = await deps.db
    .selectFrom("media")
    .select(["id", "credit", "uploadedByUserId"])
    .where("id", "=", mediaId)
    .executeTakeFirst();
  if (!media) throw new NotFoundError("picture", mediaId);
  const ownerUserId = media.uploadedByUserId;
  const stored = await deps.db
    .selectFrom("mediaTexts")
    .select(["edition", "caption", "alt"])
    .where("mediaId", "=", mediaId)
    .execute();

  const creditChanged = changes.credit !== undefined && normalized(changes.credit) !== media.credit;
  if (creditChanged) assertCan(actor, "media.edit", { ownerUserId });
  const textChanges: [string, MediaTextsInput][] = [];
  for (const [edition, texts] of Object.entries(changes.texts ?? {})) {
    if (!deps.editions.includes(edition)) continue;
    const before = stored.find((row) => row.edition === edition);
    const change: MediaTextsInput = {};
    if (texts.caption !== undefined && normalized(texts.caption) !== (before?.caption ?? null))
      change.caption = texts.caption;
    if (texts.alt !== undefined && normalized(texts.alt) !== (before?.alt ?? null)) change.alt = texts.alt;
    if (Object.keys(change).length === 0) continue;
    assertCan(actor, "media.edit", { ownerUserId, edition });
    textChanges.push([edition, change]);
  }
  const editions = textChanges.map(([edition]) => edition);
  if (!creditChanged && editions.length === 0) return { credit: false, editions };

  // One unit: the credit and texts commit together with the audit, announced once after (the
  // `media.credit` and `media.texts` reasons purge the pages showing the picture).
  await changeContent(deps.db, deps.events, async (trx) => {
    const media = new MediaService({ db: trx, mediaStore: deps.mediaStore });
    if (creditChanged) await media.setCredit(mediaId, changes.credit ?? null);
    for (const [edition, change] of textChanges) await media.setTexts(mediaId, edition, change);
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "media.edit",
      subjectType: "media",
      subjectId: mediaId,
      details: { credit: creditChanged, editions },
      ip: meta.ip ?? null,
    });
  });
  return { credit: creditChanged, editions };
}

/** As MediaService stores a text: trimmed, blank meaning none. */
function normalized(value: string | null): string | null {
  const text = value?.trim() ?? "";
  return text === "" ? null : text;
}
