import type { ComponentChildren } from "preact";
import { FieldDiffs } from "../../revisions/views/diff-view.tsx";
import { CsrfInput, Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";
import type { HeroPictureTexts } from "../translation-picture.ts";
import type { ChangesSince } from "../translation-service.ts";
import { PictureTextsForm } from "./picture-texts-form.tsx";

export interface TranslatePageProps {
  original: { id: number; edition: string; title: string; summary: string | null; text: string };
  translation: { id: number; edition: string; status: string };
  /** The original's changes since the translation's revision; null when up to date. */
  changes: ChangesSince | null;
  canMarkUpdated: boolean;
  /** The story's hero picture with its texts in both editions; null without one. */
  picture: HeroPictureTexts | null;
  csrfToken: string;
  notice?: string | null | undefined;
  /** The editable translation (the article editor), or why it cannot be edited. */
  children: ComponentChildren;
}

/** The original's current text, read-only, beside the editable translation. */
export function TranslatePage(props: TranslatePageProps) {
  const { original, translation, changes } = props;
  return (
    <>
      <p class="breadcrumbs">
        <a href="/newsroom/translations">Translation desk</a>
      </p>
      <h1>
        Translation <span class="nr-role">{original.edition}</span> →{" "}
        <span class="nr-role">{translation.edition}</span>{" "}
        <span
          class={changes ? "state-outdated" : "state-up-to-date"}
          data-translation-state={changes ? "outdated" : "up-to-date"}
        >
          {changes ? "outdated" : "up to date"}
        </span>
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p class="article-links">
        <a href={`/newsroom/articles/${translation.id}/workflow`}>Workflow</a> ·{" "}
        <a href={`/newsroom/articles/${translation.id}/preview`}>Preview</a> ·{" "}
        <a href={`/newsroom/articles/${translation.id}/revisions`}>Revisions</a>
      </p>
      {changes ? (
        <section class="changes-since" aria-labelledby="changes-heading">
          <h2 id="changes-heading">What changed in the original since</h2>
          <p>
            From the original's revision{" "}
            {changes.basedOn
              ? `#${changes.basedOn.number} (${formatUtc(changes.basedOn.createdAt)})`
              : "(no longer kept)"}{" "}
            to its current revision #{changes.current.number} ({formatUtc(changes.current.createdAt)}):
          </p>
          <FieldDiffs fields={changes.fields} />
          {props.canMarkUpdated ? (
            <form
              method="post"
              action={`/newsroom/translations/${translation.id}/mark-updated`}
              class="inline"
            >
              <CsrfInput token={props.csrfToken} />
              <button type="submit">Mark as updated</button>
            </form>
          ) : null}
        </section>
      ) : null}
      <div class="side-by-side">
        <section aria-labelledby="original-heading">
          <h2 id="original-heading">
            Original <span class="nr-role">{original.edition}</span>
          </h2>
          <div class="original-text" data-original="">
            <h3 lang={original.edition}>{original.title}</h3>
            {original.summary ? (
              <p lang={original.edition}>
                <em>{original.summary}</em>
              </p>
            ) : null}
            {original.text.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index} lang={original.edition}>
                {paragraph}
              </p>
            ))}
          </div>
        </section>
        <section aria-labelledby="translation-heading">
          <h2 id="translation-heading">
            Translation <span class="nr-role">{translation.edition}</span>{" "}
            <span class={`status status-${translation.status}`}>{translation.status}</span>
          </h2>
          {props.children}
        </section>
      </div>
      {props.picture ? (
        <PictureTextsForm picture={props.picture} translationId={translation.id} csrf={props.csrfToken} />
      ) : null}
    </>
  );
}
