import { editUrl } from "../../editor/editor-service.ts";
import { CsrfInput, Notice } from "../../views/form-parts.tsx";
import { MAX_NOTE_LENGTH } from "../review-notes.ts";
import { CorrectionsSection, type CorrectionsSectionProps } from "./corrections-section.tsx";
import { WorkflowPanel, type WorkflowPanelProps } from "./workflow-panel.tsx";

/** What a page says after a workflow move brought the user back to it. */
export const WORKFLOW_DONE: Record<string, string> = {
  submit: "Sent to review.",
  return: "Sent back to draft.",
  publish: "Published: readers see it now.",
  schedule: "Scheduled.",
  unpublish: "Unpublished: readers no longer see it. To undo it, publish it again below.",
  restore: "Revision restored as a new revision.",
  note: "Note added.",
  correct: "Correction published: readers see it now at the foot of the article.",
  withdrawCorrection: "Correction withdrawn: readers no longer see it.",
};

/** One article's status page: the panel, and the ways to its preview, revisions and translations. */
export function WorkflowPage(
  props: WorkflowPanelProps & {
    title: string;
    storyId: number;
    done?: string | undefined;
    /** The article on the reader site, while readers can see it. */
    readerUrl?: string | null | undefined;
    /** The user may write a note on its own (see mayWriteNotes). */
    canNote: boolean;
    /** Shown while the article is published, or once it has corrections. */
    corrections?: CorrectionsSectionProps | undefined;
  },
) {
  const done = props.done ? WORKFLOW_DONE[props.done] : undefined;
  return (
    <>
      <h1>{props.title}</h1>
      {done ? <Notice>{done}</Notice> : null}
      <p class="article-links">
        <a href={editUrl(props.article.id)}>Edit</a> ·{" "}
        <a href={`/newsroom/articles/${props.article.id}/preview`}>Preview</a> ·{" "}
        <a href={`/newsroom/articles/${props.article.id}/revisions`}>Revisions</a> ·{" "}
        <a href={`/newsroom/translations?story=${props.storyId}`}>Translations</a>
        {props.readerUrl ? (
          <>
            {" · "}
            <a href={props.readerUrl}>View on the site</a>
          </>
        ) : null}
      </p>
      <WorkflowPanel {...props} />
      {props.canNote ? (
        <form method="post" action={`/newsroom/articles/${props.article.id}/notes`} class="stack note-form">
          <CsrfInput token={props.csrfToken} />
          <div class="field">
            <label for="note-text">Add a note for the writer and the editors</label>
            <textarea id="note-text" name="note" rows={3} maxLength={MAX_NOTE_LENGTH} required />
          </div>
          <button type="submit">Add note</button>
        </form>
      ) : null}
      {props.corrections ? <CorrectionsSection {...props.corrections} /> : null}
    </>
  );
}
