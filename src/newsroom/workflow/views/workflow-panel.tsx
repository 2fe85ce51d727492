import { formatUtc } from "../../views/dashboard-page.tsx";
import { CsrfInput } from "../../views/form-parts.tsx";
import type { ShownStatus, Transition } from "../workflow-service.ts";

export interface WorkflowPanelProps {
  article: { id: number; edition: string; status: ShownStatus; publishedAt: string | null };
  /** What the signed-in user may do now; only these get a button. */
  allowed: readonly Transition[];
  csrfToken: string;
  /** The edition's time zone, in which the schedule field is read. */
  timeZone: string;
  /** The schedule field's starting value (datetime-local, in `timeZone`). */
  scheduleValue: string;
}

const STATUS_LABELS: Record<ShownStatus, string> = {
  draft: "Draft",
  review: "In review",
  scheduled: "Scheduled",
  published: "Published",
  unpublished: "Unpublished",
};

const BUTTONS: Record<Exclude<Transition, "schedule">, { label: string; danger?: boolean }> = {
  submit: { label: "Send to review" },
  return: { label: "Back to draft" },
  publish: { label: "Publish now" },
  unpublish: { label: "Unpublish", danger: true },
  delete: { label: "Delete", danger: true },
};

/** An article's status and the moves the user's role allows (and no others). */
export function WorkflowPanel(props: WorkflowPanelProps) {
  const { article, allowed } = props;
  const action = (transition: Transition) => `/newsroom/articles/${article.id}/workflow/${transition}`;
  return (
    <section class="workflow-panel" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Workflow</h2>
      <p>
        Status:{" "}
        <strong class={`status status-${article.status}`} data-status={article.status}>
          {STATUS_LABELS[article.status]}
        </strong>
        {article.publishedAt && (article.status === "scheduled" || article.status === "published") ? (
          <>
            {" "}
            {article.status === "scheduled" ? "for" : "since"}{" "}
            <time dateTime={article.publishedAt}>{formatUtc(article.publishedAt)}</time>
          </>
        ) : null}
      </p>
      {allowed.length === 0 ? <p class="hint">Your role allows no change of status here.</p> : null}
      <div class="workflow-actions">
        {(Object.keys(BUTTONS) as (keyof typeof BUTTONS)[])
          .filter((transition) => allowed.includes(transition))
          .map((transition) => (
            // Unpublish and Delete open a page that says what they do and asks to confirm.
            <form
              key={transition}
              method={BUTTONS[transition].danger ? "get" : "post"}
              action={action(transition)}
              class="inline"
            >
              {BUTTONS[transition].danger ? null : <CsrfInput token={props.csrfToken} />}
              <button type="submit" class={BUTTONS[transition].danger ? "danger" : undefined}>
                {BUTTONS[transition].label}
              </button>
            </form>
          ))}
      </div>
      {allowed.includes("delete") && article.status === "published" ? (
        <p class="hint">Deleting a published article unpublishes it first; neither can be undone.</p>
      ) : null}
      {allowed.includes("schedule") ? (
        <form method="post" action={action("schedule")} class="stack schedule-form">
          <CsrfInput token={props.csrfToken} />
          <div class="field">
            <label for="schedule-at">
              Publish at (time in {props.timeZone}, the {article.edition} edition's)
            </label>
            <input id="schedule-at" type="datetime-local" name="at" value={props.scheduleValue} required />
          </div>
          <button type="submit">Schedule</button>
        </form>
      ) : null}
    </section>
  );
}
