import type { RevisionRow } from "../../../db/schema.ts";
import { CsrfInput } from "../../views/form-parts.tsx";

/** The question before a restore: what comes back, what readers see, and how to go back. */
export function ConfirmRestorePage(props: {
  articleId: number;
  revision: Pick<RevisionRow, "id" | "number" | "title">;
  published: boolean;
  csrfToken: string;
}) {
  const back = `/newsroom/articles/${props.articleId}/revisions`;
  return (
    <section aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">Restore revision #{props.revision.number}?</h1>
      <p>
        <strong>{props.revision.title}</strong>
      </p>
      <p>
        Its title, summary and text become the article's again, as a new revision; the text you have now stays
        in the history, from where it can be restored in turn.
        {props.published ? " The article is published: readers see the restored text at once." : ""}
      </p>
      <form method="post" action={`${back}/${props.revision.id}/restore`} class="inline">
        <CsrfInput token={props.csrfToken} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit">Yes, restore #{props.revision.number}</button>
      </form>{" "}
      <a href={back}>Cancel</a>
    </section>
  );
}
