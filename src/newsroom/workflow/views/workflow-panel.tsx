import { CsrfInput } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";
import { MAX_NOTE_LENGTH, type ReviewNote } from "../review-notes.ts";
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
  /** The notes between the writer and the editors, oldest first. */
  notes: readonly ReviewNote[];
  /** In the editor's side panel, the moves lead back to the editor (and the forms come apart). */
  from?: "editor";
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

/** The id of the form a move's controls belong to (the forms are rendered by WorkflowForms). */
function formId(articleId: number, transition: Transition): string {
  return `workflow-${transition}-${articleId}`;
}

/**
 * An article's status and the moves the user's role allows (and no others), with the notes sent
 * with them. Its buttons and fields belong to forms of their own (WorkflowForms) by their `form`
 * attribute, so the editor's side panel can show them inside the editor's form; the workflow page
 * renders the forms right after.
 */
export function WorkflowPanel(props: WorkflowPanelProps) {
  const { article, allowed } = props;
  const form = (transition: Transition) => formId(article.id, transition);
  const inEditor = props.from === "editor";
  const withNote = (["submit", "return"] as const).filter((transition) => allowed.includes(transition));
  return (
    <section class="workflow-panel" aria-labelledby={`workflow-heading-${article.id}`}>
      <h2 id={`workflow-heading-${article.id}`}>Workflow</h2>
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
      {withNote.length > 0 ? (
        <div class="field">
          <label for={`workflow-note-${article.id}`}>
            {withNote[0] === "submit" ? "Note for the editors" : "Note for the writer"} (optional)
          </label>
          <textarea
            id={`workflow-note-${article.id}`}
            name="note"
            rows={2}
            maxLength={MAX_NOTE_LENGTH}
            form={form(withNote[0] as Transition)}
            data-workflow-note
          />
        </div>
      ) : null}
      <div class="workflow-actions">
        {(Object.keys(BUTTONS) as (keyof typeof BUTTONS)[])
          .filter((transition) => allowed.includes(transition))
          .map((transition) => (
            // Unpublish and Delete open a page that says what they do and asks to confirm.
            <button
              key={transition}
              type="submit"
              form={form(transition)}
              class={BUTTONS[transition].danger ? "danger" : undefined}
            >
              {BUTTONS[transition].label}
            </button>
          ))}
      </div>
      {allowed.includes("delete") && article.status === "published" ? (
        <p class="hint">Deleting a published article unpublishes it first; neither can be undone.</p>
      ) : null}
      {allowed.includes("schedule") ? (
        <div class="stack schedule-form">
          <div class="field">
            <label for={`schedule-at-${article.id}`}>
              Publish at (time in {props.timeZone}, the {article.edition} edition's)
            </label>
            <input
              id={`schedule-at-${article.id}`}
              type="datetime-local"
              name="at"
              value={props.scheduleValue}
              required
              form={form("schedule")}
            />
          </div>
          <button type="submit" form={form("schedule")}>
            Schedule
          </button>
        </div>
      ) : null}
      {inEditor && allowed.some((transition) => transition !== "submit") ? (
        <p class="hint">Unsaved changes are saved before the move.</p>
      ) : null}
      <NotesList notes={props.notes} />
      {inEditor ? null : <WorkflowForms {...props} />}
    </section>
  );
}

/** The forms the panel's controls submit: outside any other form (forms may not nest). */
export function WorkflowForms(props: Pick<WorkflowPanelProps, "article" | "allowed" | "csrfToken" | "from">) {
  const { article, allowed } = props;
  const action = (transition: Transition) => `/newsroom/articles/${article.id}/workflow/${transition}`;
  return (
    <>
      {allowed.map((transition) => {
        const asks = transition === "unpublish" || transition === "delete";
        return (
          <form
            key={transition}
            id={formId(article.id, transition)}
            method={asks ? "get" : "post"}
            action={action(transition)}
            hidden
            data-workflow-form
          >
            {asks ? null : <CsrfInput token={props.csrfToken} />}
            {props.from === "editor" && !asks ? <input type="hidden" name="from" value="editor" /> : null}
          </form>
        );
      })}
    </>
  );
}

/** The notes between the writer and the editors, oldest first. */
function NotesList({ notes }: { notes: readonly ReviewNote[] }) {
  if (notes.length === 0) return null;
  return (
    <section class="review-notes" aria-label="Notes">
      <h3>Notes</h3>
      <ol>
        {notes.map((note) => (
          <li key={note.id}>
            <p class="note-meta">
              {note.by}, <time dateTime={note.createdAt}>{formatUtc(note.createdAt)}</time>
            </p>
            <p class="note-text">{note.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
