import type { PendingEditListItem } from "../../../articles/pending-edits.ts";
import { Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";
import type { RevisionComparison, RevisionListItem } from "../revision-service.ts";
import { FieldDiffs } from "./diff-view.tsx";
import { PendingEditsTable } from "./pending-edit-page.tsx";

export interface RevisionsPageProps {
  article: { id: number; title: string };
  revisions: readonly RevisionListItem[];
  pendingEdits: readonly PendingEditListItem[];
  canRestore: boolean;
  done?: string | undefined;
}

/** What the page says after an action brought the user back to it. */
const DONE: Record<string, string> = {
  restored: "Restored as a new revision. To undo it, restore the revision before it.",
  applied:
    "The edit is applied: readers see it now, as the newest revision. To undo it, restore the revision before it.",
  discarded: "The edit was discarded; readers still see the published text.",
};

/** Every save of an article: pick two to compare, or restore one as a new revision. */
export function RevisionsPage(props: RevisionsPageProps) {
  const { article, revisions } = props;
  const [newest, previous] = revisions;
  return (
    <>
      <h1>Revisions: {article.title}</h1>
      {props.done && DONE[props.done] ? <Notice>{DONE[props.done]}</Notice> : null}
      <p class="article-links">
        <a href={`/newsroom/articles/${article.id}/workflow`}>Workflow</a> ·{" "}
        <a href={`/newsroom/articles/${article.id}/preview`}>Preview</a>
      </p>
      {props.pendingEdits.length > 0 ? (
        <PendingEditsTable
          edits={props.pendingEdits}
          caption="Edits waiting for an editor's approval: readers do not see them yet."
        />
      ) : null}
      <form method="get" action={`/newsroom/articles/${article.id}/revisions/compare`} id="compare-form" />
      <p class="hint">Every save is a revision. Choose two in the "From" and "To" columns to compare them.</p>
      <div class="table-wrap">
        <table class="revisions">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Revision</th>
              <th scope="col">Saved by</th>
              <th scope="col">Saved at</th>
              <th scope="col">Title</th>
              {props.canRestore ? <th scope="col">Restore</th> : null}
            </tr>
          </thead>
          <tbody>
            {revisions.map((revision) => (
              <tr key={revision.id} data-revision={revision.number}>
                <td>
                  <input
                    type="radio"
                    name="from"
                    value={revision.id}
                    form="compare-form"
                    aria-label={`Compare from revision ${revision.number}`}
                    checked={revision.id === (previous ?? newest)?.id}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="to"
                    value={revision.id}
                    form="compare-form"
                    aria-label={`Compare to revision ${revision.number}`}
                    checked={revision.id === newest?.id}
                  />
                </td>
                <td>
                  #{revision.number}
                  {revision.current ? (
                    <>
                      {" "}
                      <span class="status status-published">current</span>
                    </>
                  ) : null}
                </td>
                <td>{revision.author ?? "(system)"}</td>
                <td class="nowrap">
                  <time dateTime={revision.createdAt}>{formatUtc(revision.createdAt)}</time>
                </td>
                <td class="title-cell">{revision.title}</td>
                {props.canRestore ? (
                  <td>
                    {revision.current ? null : (
                      // Opens a page that says what restoring does and asks to confirm.
                      <form
                        method="get"
                        action={`/newsroom/articles/${article.id}/revisions/${revision.id}/restore`}
                        class="inline"
                      >
                        <button type="submit">Restore #{revision.number}</button>
                      </form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="submit" form="compare-form">
          Compare
        </button>
      </p>
    </>
  );
}

/** Two revisions side by side in time: what the later one added and removed. */
export function RevisionComparePage(props: {
  article: { id: number; title: string };
  comparison: RevisionComparison;
}) {
  const { from, to, fields } = props.comparison;
  const who = (item: RevisionListItem) =>
    `#${item.number} (${item.author ?? "system"}, ${formatUtc(item.createdAt)})`;
  return (
    <>
      <h1>Compare revisions: {props.article.title}</h1>
      <p>
        From revision {who(from)} to revision {who(to)}. <ins>Added</ins> and <del>removed</del> words are
        marked.
      </p>
      <p>
        <a href={`/newsroom/articles/${props.article.id}/revisions`}>All revisions</a>
      </p>
      <FieldDiffs fields={fields} />
    </>
  );
}
