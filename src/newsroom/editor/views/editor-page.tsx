import { Fragment } from "preact";
import { WorkflowForms } from "../../workflow/views/workflow-panel.tsx";
import type { EditorBoot } from "../editor-types.ts";
import { EditorForm, type EditorFormProps } from "./editor-form.tsx";

/** The "new story" and "edit article" pages: a heading, a way back, and the EditorForm. */
export function EditorPage(
  props: EditorFormProps & {
    boot: EditorBoot;
    /** The story's live coverage desk, for those who may start it (none for a new story). */
    liveHref?: string | null;
  },
) {
  const { article } = props.boot;
  return (
    <>
      <p class="breadcrumbs">
        <a href="/newsroom/articles">Articles</a>
        {/* A new story's links appear (and lead to it) as soon as its first save gives it an id. */}
        <span data-article-links hidden={article.id === null}>
          {(["workflow", "preview", "revisions"] as const).map((page) => (
            <Fragment key={page}>
              {" · "}
              <a
                data-article-link={page}
                href={article.id === null ? "" : `/newsroom/articles/${article.id}/${page}`}
              >
                {page.charAt(0).toUpperCase() + page.slice(1)}
              </a>
            </Fragment>
          ))}
        </span>
        {props.liveHref ? (
          <>
            {" · "}
            <a href={props.liveHref}>Live coverage</a>
          </>
        ) : null}
      </p>
      <h1>
        <span data-editor-heading>
          {article.id === null ? "New story" : article.isTranslation ? "Edit translation" : "Edit article"}
        </span>{" "}
        <span class="nr-role">{article.edition}</span>{" "}
        <span class={`status status-${article.status}`} data-editor-status hidden={article.id === null}>
          {article.status}
        </span>
      </h1>
      <EditorForm {...props} />
      {props.workflow ? <WorkflowForms {...props.workflow} from="editor" /> : null}
    </>
  );
}
