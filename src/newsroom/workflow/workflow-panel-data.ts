import type { Actor } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import { isoToZonedLocal } from "../../shared/time-zone.ts";
import type { ArticleForPolicy } from "./article-access.ts";
import { ReviewNotes } from "./review-notes.ts";
import type { WorkflowPanelProps } from "./views/workflow-panel.tsx";
import { shownStatus, type WorkflowService } from "./workflow-service.ts";

/**
 * What the workflow panel shows for an article, wherever it is shown (the workflow page, the
 * editor's side panel): the status, the moves the user may make, the notes, and the schedule field
 * starting an hour from now (or at the time already chosen) in the edition's time zone.
 */
export async function workflowPanelData(
  db: Db,
  workflow: WorkflowService,
  actor: Actor,
  loaded: ArticleForPolicy,
  timeZone: string,
  csrfToken: string,
): Promise<WorkflowPanelProps> {
  const { article } = loaded;
  const inAnHour = new Date(Date.now() + 60 * 60_000).toISOString();
  const scheduleValue = isoToZonedLocal(
    article.status === "scheduled" && article.publishedAt && article.publishedAt > inAnHour
      ? article.publishedAt
      : inAnHour,
    timeZone,
  );
  return {
    article: {
      id: article.id,
      edition: article.edition,
      status: shownStatus(article),
      publishedAt: article.publishedAt,
    },
    allowed: workflow.allowedTransitions(actor, loaded),
    notes: await new ReviewNotes(db).list(article.id),
    csrfToken,
    timeZone,
    scheduleValue,
  };
}
