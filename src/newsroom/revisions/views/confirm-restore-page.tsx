import type { RevisionRow } from "../../../db/schema.ts";
import { ConfirmPage } from "../../views/confirm-page.tsx";

/** The question before a restore: what comes back, what readers see, and how to go back. */
export function ConfirmRestorePage(props: {
  articleId: number;
  revision: Pick<RevisionRow, "id" | "number" | "title">;
  published: boolean;
  csrfToken: string;
}) {
  const back = `/newsroom/articles/${props.articleId}/revisions`;
  return (
    <ConfirmPage
      heading={`Restore revision #${props.revision.number}?`}
      subject={props.revision.title}
      text={`Its title, summary and text become the article's again, as a new revision; the text you have now stays in the history, from where it can be restored in turn.${props.published ? " The article is published: readers see the restored text at once." : ""}`}
      action={`${back}/${props.revision.id}/restore`}
      button={`Yes, restore #${props.revision.number}`}
      back={back}
      csrfToken={props.csrfToken}
    />
  );
}
