import type { Actor } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import { TribuneError, ValidationError } from "../../shared/errors.ts";
import { idParam } from "../http/form.ts";
import { mayEverMove, type Transition, type WorkflowService } from "../workflow/workflow-service.ts";

/** The moves the article list can make on several articles at once. */
export type BulkAction = Exclude<Transition, "schedule">;

export const BULK_ACTIONS: Record<BulkAction, { label: string; done: string; asks: boolean }> = {
  submit: { label: "Send to review", done: "sent to review", asks: false },
  return: { label: "Back to draft", done: "sent back to draft", asks: false },
  publish: { label: "Publish now", done: "published", asks: false },
  unpublish: { label: "Unpublish…", done: "unpublished", asks: true },
  delete: { label: "Delete…", done: "deleted", asks: true },
};

/** How many articles one bulk action takes: a page of the list, generously. */
export const MAX_BULK = 200;

/** The bulk actions `actor`'s role may take on some articles (each article is checked again). */
export function bulkActionsFor(actor: Actor): BulkAction[] {
  return (Object.keys(BULK_ACTIONS) as BulkAction[]).filter((action) => mayEverMove(actor, action));
}

/** The action named by a form, or a 400 naming the choices. */
export function bulkActionFrom(value: string): BulkAction {
  if (Object.hasOwn(BULK_ACTIONS, value)) return value as BulkAction;
  throw new ValidationError("action", "choose what to do with the ticked articles");
}

/** The ticked ids of a form: at least one, each an id, at most MAX_BULK. */
export function bulkIdsFrom(values: readonly string[]): number[] {
  if (values.length === 0) throw new ValidationError("ids", "tick at least one article first");
  if (values.length > MAX_BULK) throw new ValidationError("ids", `tick at most ${MAX_BULK} articles at once`);
  return [
    ...new Set(
      values.map((value) => {
        const id = idParam(value);
        if (id === undefined)
          throw new ValidationError("ids", `"${value.slice(0, 20)}" is not an article id`);
        return id;
      }),
    ),
  ];
}

export interface BulkOutcome {
  done: { id: number; title: string }[];
  refused: { id: number; title: string; reason: string }[];
}

/** The titles of the articles, by id (an id with no article is left out). */
export async function bulkTitles(db: Db, ids: readonly number[]) {
  const rows = await db
    .selectFrom("articles")
    .innerJoin("stories", "stories.id", "articles.storyId")
    .select(["articles.id", "articles.title", "articles.edition", "stories.originalEdition"])
    .where("articles.id", "in", [...ids])
    .execute();
  return rows;
}

/**
 * Makes the move on each article, each on its own (one refused does not stop the others), the
 * service checking the role and the status every time. Translations go before originals, so that
 * deleting a story's articles together works (an original with translations cannot go first).
 */
export async function runBulk(
  db: Db,
  workflow: WorkflowService,
  actor: Actor,
  action: BulkAction,
  ids: readonly number[],
  ip: string | null,
): Promise<BulkOutcome> {
  const articles = (await bulkTitles(db, ids)).sort(
    (a, b) =>
      Number(a.edition === a.originalEdition) - Number(b.edition === b.originalEdition) || a.id - b.id,
  );
  const outcome: BulkOutcome = { done: [], refused: [] };
  for (const article of articles) {
    try {
      await workflow.move(actor, article.id, action, ip);
      outcome.done.push({ id: article.id, title: article.title });
    } catch (error) {
      if (!(error instanceof TribuneError) || error.status >= 500) throw error;
      outcome.refused.push({ id: article.id, title: article.title, reason: error.message });
    }
  }
  for (const id of ids) {
    if (!articles.some((article) => article.id === id)) {
      outcome.refused.push({ id, title: `#${id}`, reason: "There is no such article (deleted meanwhile?)." });
    }
  }
  return outcome;
}
