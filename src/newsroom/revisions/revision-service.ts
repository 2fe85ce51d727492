import { recordAudit } from "../../accounts/audit/audit-log.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { assertCanEdit, loadArticleForPolicy, loadArticleForReading } from "../workflow/article-access.ts";
import { compareTexts, type FieldDiff } from "./text-diff.ts";

export interface RevisionListItem {
  id: number;
  number: number;
  title: string;
  createdAt: string;
  author: string | null;
  /** The revision shown now. */
  current: boolean;
}

export interface RevisionComparison {
  from: RevisionListItem;
  to: RevisionListItem;
  fields: FieldDiff[];
}

/** An article's revisions: listed, compared two at a time, and restored as a new revision. */
export class RevisionService {
  constructor(
    private readonly db: Db,
    private readonly events?: ContentEvents,
  ) {}

  /** Newest first, with who saved each (their name) and when; for those who may read the article. */
  async list(actor: Actor, articleId: number): Promise<RevisionListItem[]> {
    const { article } = await loadArticleForReading(this.db, actor, articleId);
    const rows = await this.db
      .selectFrom("articleRevisions")
      .leftJoin("users", "users.id", "articleRevisions.savedByUserId")
      .select([
        "articleRevisions.id",
        "articleRevisions.number",
        "articleRevisions.title",
        "articleRevisions.createdAt",
        "users.name as author",
      ])
      .where("articleRevisions.articleId", "=", articleId)
      .orderBy("articleRevisions.number", "desc")
      .execute();
    return rows.map((row) => ({ ...row, current: row.id === article.revisionId }));
  }

  /** What changed from one revision of the article to another (either order). */
  async compare(actor: Actor, articleId: number, fromId: number, toId: number): Promise<RevisionComparison> {
    const items = await this.list(actor, articleId);
    const [from, to] = await Promise.all([this.revision(articleId, fromId), this.revision(articleId, toId)]);
    const item = (id: number) => items.find((entry) => entry.id === id) as RevisionListItem;
    return { from: item(from.id), to: item(to.id), fields: compareTexts(from, to) };
  }

  /** What a restore would bring back, once `actor` may do it (asked before restoring). */
  async restorable(actor: Actor, articleId: number, revisionId: number) {
    const loaded = await loadArticleForPolicy(this.db, articleId);
    assertCanEdit(actor, loaded);
    return { article: loaded.article, revision: await this.revision(articleId, revisionId) };
  }

  /**
   * Makes an old revision's title, summary and text current again, as a new revision saved by
   * `actor` (the history keeps everything). The slug stays: links readers have must keep working.
   */
  async restore(
    actor: Actor,
    articleId: number,
    revisionId: number,
    ip?: string | null,
  ): Promise<ArticleRow> {
    const { revision } = await this.restorable(actor, articleId, revisionId);
    // One unit: the restored text and its audit entry commit together, announced once after.
    const saved = await changeContent(this.db, this.events, async (trx) => {
      const restored = await new ArticleService(trx).updateArticle(
        articleId,
        { title: revision.title, summary: revision.summary, body: revision.body },
        actor.id,
      );
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "article.restoreRevision",
        subjectType: "article",
        subjectId: articleId,
        details: { revision: revision.number, title: revision.title, edition: restored.edition },
        ip: ip ?? null,
      });
      return restored;
    });
    return saved;
  }

  /** One revision of the article, or a NotFoundError (a revision of another article is not found). */
  async revision(articleId: number, revisionId: number) {
    const revision = await this.db
      .selectFrom("articleRevisions")
      .selectAll()
      .where("id", "=", revisionId)
      .where("articleId", "=", articleId)
      .executeTakeFirst();
    if (!revision) throw new NotFoundError("revision", revisionId);
    return revision;
  }
}
