import { Notice } from "../../views/form-parts.tsx";
import { BULK_ACTIONS, type BulkAction, type BulkOutcome } from "../bulk-actions.ts";

/** What a bulk action did to each ticked article, and why it left some alone. */
export function BulkResultPage(props: { action: BulkAction; outcome: BulkOutcome }) {
  const { outcome } = props;
  const { done: verb } = BULK_ACTIONS[props.action];
  return (
    <>
      <h1>{BULK_ACTIONS[props.action].label.replace("…", "")}</h1>
      <Notice>
        {outcome.done.length === 1 ? "1 article" : `${outcome.done.length} articles`} {verb}
        {outcome.refused.length > 0 ? `; ${outcome.refused.length} left as they were.` : "."}
      </Notice>
      {outcome.done.length > 0 ? (
        <ul data-bulk="done">
          {outcome.done.map((item) => (
            <li key={item.id}>
              <a href={`/newsroom/articles/${item.id}/workflow`}>{item.title}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.refused.length > 0 ? (
        <>
          <h2>Left as they were</h2>
          <ul data-bulk="refused">
            {outcome.refused.map((item) => (
              <li key={item.id}>
                {item.title}: {item.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/newsroom/articles">Back to the articles</a>
      </p>
    </>
  );
}
