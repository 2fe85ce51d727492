import { type AuditMeta, recordActorAudit } from "../accounts/audit/audit-log.ts";
import { type Actor, assertCan } from "../accounts/authorization/policy.ts";
import { type ContentChangeLog, changeContent } from "../content/unit-of-work.ts";
import type { Db } from "../db/database.ts";
import { assertEditions } from "../editions/edition-service.ts";
import { parseBodyDocument } from "../shared/body/parse-body.ts";
import type { ChangeReason, ContentEvents } from "../shared/content-events.ts";
import { ConflictError, SlugTakenError, ValidationError } from "../shared/errors.ts";
import { nowIso, optionalText, requiredText } from "../shared/validate.ts";
import {
  FOOTER_POSITION_MAX,
  META_DESCRIPTION_MAX,
  PAGE_TITLE_MAX,
  type Page,
  type PageFields,
  pageSlugFrom,
} from "./page.ts";
import { PageService } from "./page-service.ts";

/**
 * The newsroom's writes to pages. Every one checks the policy, is audited, and goes through the
 * unit of work; a page readers cannot see (a draft) changes without an announcement.
 */
export class PageManager {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents | undefined,
  ) {}

  /** A new draft page in `edition`, the first of its group. */
  async create(actor: Actor, edition: string, fields: PageFields, meta: AuditMeta = {}): Promise<Page> {
    assertCan(actor, "page.edit", { edition });
    await assertEditions(this.db, "edition", [edition]);
    const values = checkedFields(fields);
    return changeContent(this.db, this.events, async (trx) => {
      const now = nowIso();
      const group = await trx
        .insertInto("pageGroups")
        .values({ originalEdition: edition, createdAt: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      const page = await insertPage(trx, { ...values, groupId: group.id, edition, userId: actor.id, now });
      await audit(trx, actor, "page.create", page, meta);
      return page;
    });
  }

  /**
   * A draft translation of page `id` into `edition`, prefilled with the original's text and footer
   * place: the translator replaces the words. Its slug is the original's when the edition has none
   * such, else the original's with the edition's code.
   */
  async startTranslation(actor: Actor, id: number, edition: string, meta: AuditMeta = {}): Promise<Page> {
    assertCan(actor, "page.edit", { edition });
    await assertEditions(this.db, "edition", [edition]);
    return changeContent(this.db, this.events, async (trx) => {
      const original = await new PageService(trx).get(id);
      const group = await new PageService(trx).translations(original.groupId);
      if (group.some((page) => page.edition === edition)) {
        throw new ConflictError(`This page already has a translation in the "${edition}" edition.`, {
          field: "edition",
        });
      }
      const taken = await slugOwner(trx, edition, original.slug);
      const page = await insertPage(trx, {
        title: original.title,
        slug: taken === undefined ? original.slug : `${original.slug}-${edition}`,
        body: JSON.stringify(original.body),
        metaDescription: original.metaDescription,
        inFooter: original.inFooter,
        footerPosition: original.footerPosition,
        groupId: original.groupId,
        edition,
        userId: actor.id,
        now: nowIso(),
      });
      await audit(trx, actor, "page.translate", page, meta, { from: original.id });
      return page;
    });
  }

  /** Saves an editor's fields; a published page changes for readers at once (editors only). */
  async update(actor: Actor, id: number, fields: PageFields, meta: AuditMeta = {}): Promise<Page> {
    const values = checkedFields(fields);
    return changeContent(this.db, this.events, async (trx, log) => {
      const before = await new PageService(trx).get(id);
      assertCan(actor, "page.edit", { edition: before.edition });
      if (before.status === "published") assertCan(actor, "page.publish", { edition: before.edition });
      const { slug } = values;
      await assertSlugFree(trx, before.edition, slug, id);
      await trx
        .updateTable("pages")
        .set({
          title: values.title,
          slug,
          body: values.body,
          metaDescription: values.metaDescription,
          inFooter: values.inFooter ? 1 : 0,
          footerPosition: values.footerPosition,
          updatedAt: nowIso(),
        })
        .where("id", "=", id)
        .execute();
      const after = await new PageService(trx).get(id);
      if (after.status === "published") {
        const reasons: ChangeReason[] = [before.slug === after.slug ? "page.updated" : "page.renamed"];
        if (footerChanged(before, after)) reasons.push("page.footer");
        logPage(log, after, reasons);
      }
      await audit(trx, actor, "page.edit", after, meta);
      return after;
    });
  }

  /** Puts the page on its address (and in its edition's footer when it is listed there). */
  async publish(actor: Actor, id: number, meta: AuditMeta = {}): Promise<Page> {
    return this.setStatus(actor, id, "published", meta);
  }

  /** Takes the page off its address: readers get the edition's 404 there. */
  async unpublish(actor: Actor, id: number, meta: AuditMeta = {}): Promise<Page> {
    return this.setStatus(actor, id, "draft", meta);
  }

  /** Deletes the page (its translations stay); its group goes with its last page. */
  async remove(actor: Actor, id: number, meta: AuditMeta = {}): Promise<void> {
    await changeContent(this.db, this.events, async (trx, log) => {
      const page = await new PageService(trx).get(id);
      assertCan(actor, "page.delete", { edition: page.edition });
      await trx.deleteFrom("pages").where("id", "=", id).execute();
      const left = await trx
        .selectFrom("pages")
        .select("id")
        .where("groupId", "=", page.groupId)
        .executeTakeFirst();
      if (!left) await trx.deleteFrom("pageGroups").where("id", "=", page.groupId).execute();
      if (page.status === "published") {
        logPage(log, page, page.inFooter ? ["page.unpublished", "page.footer"] : ["page.unpublished"]);
      }
      await audit(trx, actor, "page.delete", page, meta);
    });
  }

  private async setStatus(actor: Actor, id: number, status: Page["status"], meta: AuditMeta): Promise<Page> {
    return changeContent(this.db, this.events, async (trx, log) => {
      const before = await new PageService(trx).get(id);
      assertCan(actor, "page.publish", { edition: before.edition });
      if (before.status === status) return before;
      const now = nowIso();
      await trx
        .updateTable("pages")
        .set({ status, ...(status === "published" ? { publishedAt: before.publishedAt ?? now } : {}) })
        .where("id", "=", id)
        .execute();
      const after = await new PageService(trx).get(id);
      const reason = status === "published" ? "page.published" : "page.unpublished";
      logPage(log, after, after.inFooter ? [reason, "page.footer"] : [reason]);
      await audit(trx, actor, status === "published" ? "page.publish" : "page.unpublish", after, meta);
      return after;
    });
  }
}

/**
 * A page published at once in several editions, as translations of the first (the demo's about
 * page). No actor: for the seed and commands, which own the transaction and what follows it.
 */
export async function importPublishedPage(
  db: Db,
  versions: readonly { edition: string; fields: PageFields }[],
): Promise<Page[]> {
  const [first] = versions;
  if (!first) return [];
  await assertEditions(
    db,
    "edition",
    versions.map((version) => version.edition),
  );
  return changeContent(db, undefined, async (trx) => {
    const now = nowIso();
    const group = await trx
      .insertInto("pageGroups")
      .values({ originalEdition: first.edition, createdAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pages: Page[] = [];
    for (const { edition, fields } of versions) {
      const values = checkedFields(fields);
      pages.push(
        await insertPage(trx, {
          ...values,
          groupId: group.id,
          edition,
          userId: null,
          now,
          status: "published",
        }),
      );
    }
    return pages;
  });
}

/** The fields checked and shaped for storage: the body as the JSON every body is stored as. */
function checkedFields(fields: PageFields) {
  const title = requiredText("title", fields.title, PAGE_TITLE_MAX);
  const position = fields.footerPosition;
  if (!Number.isInteger(position) || position < 0 || position > FOOTER_POSITION_MAX) {
    throw new ValidationError("footerPosition", `must be a whole number from 0 to ${FOOTER_POSITION_MAX}`);
  }
  return {
    title,
    slug: pageSlugFrom(fields.slug, title),
    body: JSON.stringify(parseBodyDocument(fields.body)),
    metaDescription: optionalText("metaDescription", fields.metaDescription, META_DESCRIPTION_MAX),
    inFooter: fields.inFooter,
    footerPosition: position,
  };
}

async function insertPage(
  trx: Db,
  values: ReturnType<typeof checkedFields> & {
    groupId: number;
    edition: string;
    /** Who wrote it; null for the demo content and commands. */
    userId: number | null;
    now: string;
    status?: Page["status"];
  },
): Promise<Page> {
  await assertSlugFree(trx, values.edition, values.slug);
  const row = await trx
    .insertInto("pages")
    .values({
      groupId: values.groupId,
      edition: values.edition,
      slug: values.slug,
      title: values.title,
      body: values.body,
      metaDescription: values.metaDescription,
      status: values.status ?? "draft",
      inFooter: values.inFooter ? 1 : 0,
      footerPosition: values.footerPosition,
      createdByUserId: values.userId,
      createdAt: values.now,
      updatedAt: values.now,
      publishedAt: values.status === "published" ? values.now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return new PageService(trx).get(row.id);
}

async function slugOwner(trx: Db, edition: string, slug: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom("pages")
    .select("id")
    .where("edition", "=", edition)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row?.id;
}

async function assertSlugFree(trx: Db, edition: string, slug: string, pageId?: number): Promise<void> {
  const owner = await slugOwner(trx, edition, slug);
  if (owner !== undefined && owner !== pageId) throw new SlugTakenError(edition, slug, "page");
}

/** Whether what a footer shows of the page (listed, where, under which title and address) changed. */
function footerChanged(before: Page, after: Page): boolean {
  if (!before.inFooter && !after.inFooter) return false;
  return (
    before.inFooter !== after.inFooter ||
    before.footerPosition !== after.footerPosition ||
    before.title !== after.title ||
    before.slug !== after.slug
  );
}

function logPage(log: ContentChangeLog, page: Page, reasons: ChangeReason[]): void {
  log.other({
    reasons,
    articleIds: [],
    storyIds: [],
    editions: [page.edition],
    tagIds: [],
    pageIds: [page.id],
    pageGroupIds: [page.groupId],
  });
}

function audit(
  trx: Db,
  actor: Actor,
  action: string,
  page: Page,
  meta: AuditMeta,
  details: Record<string, unknown> = {},
): Promise<void> {
  const pageDetails = { edition: page.edition, slug: page.slug, title: page.title, ...details };
  return recordActorAudit(trx, actor, action, { type: "page", id: page.id }, pageDetails, meta);
}
