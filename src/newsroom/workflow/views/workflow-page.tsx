import { editUrl } from "../../editor/editor-service.ts";
import { Notice } from "../../views/form-parts.tsx";
import { CorrectionsSection, type CorrectionsSectionProps } from "./corrections-section.tsx";
import { WorkflowPanel, type WorkflowPanelProps } from "./workflow-panel.tsx";

const DONE: Record<string, string> = {
  submit: "Sent to review.",
  return: "Sent back to draft.",
  publish: "Published: readers see it now.",
  schedule: "Scheduled.",
  unpublish: "Unpublished: readers no longer see it. To undo it, publish it again below.",
  restore: "Revision restored as a new revision.",
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
    /** Shown while the article is published, or once it has corrections. */
    corrections?: CorrectionsSectionProps | undefined;
  },
) {
  const done = props.done ? DONE[props.done] : undefined;
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
      {props.corrections ? <CorrectionsSection {...props.corrections} /> : null}
    </>
  );
}
