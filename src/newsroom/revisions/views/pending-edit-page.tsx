import type { PendingEditListItem } from "../../../articles/pending-edits.ts";
import { CsrfInput, Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";
import type { PendingEditReview } from "../pending-edit-service.ts";
import { FieldDiffs } from "./diff-view.tsx";

/** Where an article's pending edit is reviewed. */
export function pendingEditUrl(articleId: number, pendingEditId: number): string {
  return `/newsroom/articles/${articleId}/pending/${pendingEditId}`;
}

/** An edit waiting for approval, against what readers see now, with Apply and Discard. */
export function PendingEditPage(props: { review: PendingEditReview; conflict: boolean; csrfToken: string }) {
  const { article, edit, fields, canDecide } = props.review;
  const url = pendingEditUrl(article.id, edit.id);
  return (
    <>
      <h1>Edit waiting for approval: {article.title}</h1>
      <p>
        By {edit.savedBy}, saved <time dateTime={edit.updatedAt}>{formatUtc(edit.updatedAt)}</time>, on the{" "}
        {article.edition} article ({article.status}). Readers see the published text until an editor applies
        this edit. <ins>Added</ins> and <del>removed</del> words are marked against the published text.
      </p>
      {props.conflict ? (
        <p class="error" role="alert">
          The article was saved again while you were reviewing, so nothing was applied. The differences below
          are against its text now: review them again.
        </p>
      ) : null}
      {props.review.articleMovedOn ? (
        <Notice>
          The article has been saved again since this edit was begun: applying it also replaces what changed
          since, as the differences below show.
        </Notice>
      ) : null}
      <p class="article-links">
        <a href={`/newsroom/articles/${article.id}/revisions`}>All revisions</a> ·{" "}
        <a href={`/newsroom/articles/${article.id}/preview`}>Preview the published text</a>
      </p>
      <FieldDiffs fields={fields} />
      <p class="form-actions">
        {canDecide ? (
          <form method="post" action={`${url}/apply`} class="inline">
            <CsrfInput token={props.csrfToken} />
            <input type="hidden" name="expectedRevisionId" value={article.revisionId ?? ""} />
            <button type="submit">Apply: readers see it at once</button>
          </form>
        ) : null}{" "}
        <form method="get" action={`${url}/discard`} class="inline">
          <button type="submit" class="danger">
            {canDecide ? "Discard" : "Withdraw my edit"}
          </button>
        </form>
      </p>
    </>
  );
}

/** The edits waiting for approval, for the revisions page and the review queue. */
export function PendingEditsTable(props: { edits: readonly PendingEditListItem[]; caption: string }) {
  return (
    <>
      <p class="hint">{props.caption}</p>
      <div class="table-wrap">
        <table class="pending-edits">
          <thead>
            <tr>
              <th scope="col">Edit of</th>
              <th scope="col">Edition</th>
              <th scope="col">By</th>
              <th scope="col">Saved at</th>
            </tr>
          </thead>
          <tbody>
            {props.edits.map((edit) => (
              <tr key={edit.id}>
                <td>
                  <a
                    href={pendingEditUrl(edit.articleId, edit.id)}
                    aria-label={`Review the edit of ${edit.articleTitle}`}
                  >
                    {edit.articleTitle}
                  </a>
                </td>
                <td>{edit.edition}</td>
                <td>{edit.savedBy}</td>
                <td class="nowrap">
                  <time dateTime={edit.updatedAt}>{formatUtc(edit.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
