import type { EditorBoot } from "../editor-types.ts";
import { EditorForm, type EditorFormProps } from "./editor-form.tsx";

/** The "new story" and "edit article" pages: a heading, a way back, and the EditorForm. */
export function EditorPage(props: EditorFormProps & { boot: EditorBoot }) {
  const { article } = props.boot;
  return (
    <>
      <p class="breadcrumbs">
        <a href="/newsroom">Articles</a>
        {article.id === null ? null : (
          <>
            {" · "}
            <a href={`/newsroom/articles/${article.id}/workflow`}>Workflow</a>
            {" · "}
            <a href={`/newsroom/articles/${article.id}/preview`}>Preview</a>
            {" · "}
            <a href={`/newsroom/articles/${article.id}/revisions`}>Revisions</a>
          </>
        )}
      </p>
      <h1>
        {article.id === null ? "New story" : article.isTranslation ? "Edit translation" : "Edit article"}{" "}
        <span class="nr-role">{article.edition}</span>{" "}
        {article.id === null ? null : <span class={`status status-${article.status}`}>{article.status}</span>}
      </h1>
      <EditorForm {...props} />
    </>
  );
}
