import type { PendingEditListItem } from "../../../articles/pending-edits.ts";
import { PendingEditsTable } from "../../revisions/views/pending-edit-page.tsx";
import { formatUtc } from "../../views/utc-time.ts";

export interface ReviewQueueItem {
  id: number;
  edition: string;
  title: string;
  updatedAt: string;
  authorName: string | null;
}

/** The articles waiting for an editor, oldest first. */
export function ReviewQueuePage(props: {
  items: readonly ReviewQueueItem[];
  pendingEdits: readonly PendingEditListItem[];
}) {
  const { items } = props;
  return (
    <>
      <h1>Review queue</h1>
      {props.pendingEdits.length > 0 ? (
        <>
          <h2>Edits to live articles</h2>
          <PendingEditsTable
            edits={props.pendingEdits}
            caption="Changes to published or scheduled articles by people who may not publish, the longest waiting first. Readers see them once applied."
          />
          <h2>Articles</h2>
        </>
      ) : null}
      {items.length === 0 ? (
        <p>Nothing is waiting for review.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="hint">Articles sent to review, the longest waiting first.</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Edition</th>
                <th scope="col">Sent by</th>
                <th scope="col">Last saved</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.title}</td>
                  <td>{item.edition}</td>
                  <td>{item.authorName ?? "—"}</td>
                  <td class="nowrap">
                    <time dateTime={item.updatedAt}>{formatUtc(item.updatedAt)}</time>
                  </td>
                  <td class="nowrap">
                    <a href={`/newsroom/articles/${item.id}/workflow`}>Review</a> ·{" "}
                    <a href={`/newsroom/articles/${item.id}/preview`}>Preview</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
