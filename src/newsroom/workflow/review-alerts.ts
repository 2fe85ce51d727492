import type { Actor } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { ArticleRow } from "../../db/schema.ts";
import type { Mailer } from "../../mail/mailer.ts";

export interface ReviewAlertOptions {
  db: Db;
  mailer: Mailer;
  /** The site's origin, for the link to the article's workflow page. */
  publicUrl: string;
  /** The site's name as the settings have it now. */
  identity: { readonly siteName: string };
  /** A message that could not be sent: logged, never the writer's problem. */
  onError?: (error: unknown) => void;
}

/** Who reviews: every enabled editor and admin (a translation's editors are the same people). */
async function reviewers(db: Db, except: number): Promise<{ email: string; name: string }[]> {
  return db
    .selectFrom("users")
    .select(["email", "name"])
    .where("role", "in", ["editor", "admin"])
    .where("disabledAt", "is", null)
    .where("id", "!=", except)
    .orderBy("id")
    .execute();
}

/**
 * Tells the editors by e-mail when an article is sent to review, with the note sent along and a
 * link to it. Sent after the move is committed and not awaited by it: a slow or broken mail server
 * never holds up or undoes a move (failures go to `onError`).
 */
export class ReviewAlerts {
  constructor(private readonly options: ReviewAlertOptions) {}

  submitted(article: ArticleRow, by: Actor, note: string | null): void {
    void this.send(article, by, note).catch((error: unknown) => this.options.onError?.(error));
  }

  /** The messages of one submission, sent one after another (returned for tests to await). */
  async send(article: ArticleRow, by: Actor, note: string | null): Promise<void> {
    const { db, mailer, publicUrl } = this.options;
    const { siteName } = this.options.identity;
    const [recipients, writer] = await Promise.all([
      reviewers(db, by.id),
      db.selectFrom("users").select("name").where("id", "=", by.id).executeTakeFirst(),
    ]);
    const link = `${publicUrl}/newsroom/articles/${article.id}/workflow`;
    const text = [
      `${writer?.name ?? "Someone"} sent an article to review (${article.edition}):`,
      "",
      article.title,
      "",
      ...(note ? ["Their note:", note, ""] : []),
      `Review it: ${link}`,
      "",
      `You get this because you are an editor at ${siteName}.`,
    ].join("\n");
    for (const recipient of recipients) {
      await mailer.send({
        to: recipient.email,
        subject: `[${siteName}] Waiting for review: ${article.title}`,
        text,
      });
    }
  }
}
