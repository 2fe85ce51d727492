import type { BodyDocument } from "../../../shared/body/body-document.ts";
import { formatUtc } from "../../views/utc-time.ts";
import { WorkflowPanel, type WorkflowPanelProps } from "../../workflow/views/workflow-panel.tsx";
import type { EditorBoot } from "../editor-types.ts";
import { BodyField } from "./body-field.tsx";

export interface EditorFormProps {
  boot: EditorBoot;
  /** This request's CSRF token. */
  csrf: string;
  /** Where the form posts without JavaScript. */
  action: string;
  /** For a new story: the editions it may be written in (a choice is shown). */
  editionChoices?: readonly string[];
  /** A refusal to show above the form (after a form post), and the field it concerns. */
  error?: { message: string; field?: string | undefined } | null;
  notice?: string | null;
  /** The text area's text after a refused post, so nothing typed is lost. */
  bodyText?: string;
  /** The article's workflow, shown in the side panel (its forms come after this form: WorkflowForms). */
  workflow?: WorkflowPanelProps | null;
}

/**
 * The article editor as a plain form that works without JavaScript (the body then is plain paragraphs
 * in a text area), which the client bundle turns into the full editor: `data-article-editor` holds the
 * EditorBoot JSON, and every `form[data-article-editor]` on a page gets its own editor, so another page
 * (the translation desk) can render this component beside a read-only original.
 */
export function EditorForm(props: EditorFormProps) {
  const { boot } = props;
  const { article } = boot;
  const body = article.body as BodyDocument;
  const fieldError = (field: string) => (props.error?.field === field ? props.error.message : null);
  const id = (name: string) => `ed-${article.id ?? "new"}-${name}`;
  return (
    <form
      method="post"
      action={props.action}
      class="editor-form"
      data-article-editor={JSON.stringify(boot)}
      aria-label={article.id === null ? "New story" : `Edit article ${article.id}`}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="baseRevisionId" value={article.revisionId ?? ""} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {boot.approval ? <ApprovalNotice pendingSince={boot.approval.pendingSince} /> : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error.message}
        </p>
      ) : null}
      <div class="editor-columns">
        <div class="editor-main">
          {props.editionChoices ? (
            <div class="field">
              <label for={id("edition")}>Edition</label>
              <select name="edition" id={id("edition")} data-field="edition">
                {props.editionChoices.map((code) => (
                  <option key={code} value={code} selected={code === article.edition}>
                    {code}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <input type="hidden" name="edition" value={article.edition} />
          )}
          <div class="field">
            <label for={id("title")}>Title</label>
            <input
              type="text"
              name="title"
              id={id("title")}
              data-field="title"
              value={article.title}
              required
              maxLength={300}
              class="editor-title"
              aria-invalid={fieldError("title") ? "true" : undefined}
            />
          </div>
          <div class="field">
            <label for={id("slug")}>Slug</label>
            <input
              type="text"
              name="slug"
              id={id("slug")}
              data-field="slug"
              value={article.slug}
              maxLength={120}
              aria-describedby={`${id("slug-hint")} ${id("slug-message")}`}
              aria-invalid={fieldError("slug") ? "true" : undefined}
              placeholder={article.id === null ? "made from the title" : undefined}
            />
            <p class="hint" id={id("slug-hint")}>
              The end of the article's address: lowercase letters, digits and hyphens.
            </p>
            <p class="field-message" id={id("slug-message")} data-slug-message aria-live="polite">
              {fieldError("slug")}
            </p>
          </div>
          <div class="field">
            <label for={id("summary")}>Summary</label>
            <textarea name="summary" id={id("summary")} data-field="summary" rows={3} maxLength={1000}>
              {article.summary ?? ""}
            </textarea>
          </div>
          <BodyField
            idPrefix={`ed-${article.id ?? "new"}`}
            body={body}
            bodyText={props.bodyText}
            subject="the article"
          />
        </div>
        <aside class="editor-side" aria-label="Article settings">
          <div class="editor-actions">
            <button type="submit" data-save-button>
              {boot.approval
                ? "Save for approval"
                : article.status === "draft"
                  ? "Save draft"
                  : "Save changes"}
            </button>
            <p class="editor-status" data-save-status role="status" aria-live="polite">
              {article.id === null
                ? "Not saved yet."
                : `Revision ${article.revisionNumber}, ${article.status}.`}
            </p>
          </div>
          {props.workflow ? <WorkflowPanel {...props.workflow} from="editor" /> : null}
          {article.id !== null && article.status === "published" ? (
            <p class="hint editor-corrections">
              Readers have seen it: to say what was wrong, add a{" "}
              <a href={`/newsroom/articles/${article.id}/workflow#corrections`}>correction</a>.
            </p>
          ) : null}
          <div class="field">
            <label for={id("author")}>Bylines</label>
            {boot.can.editStory ? <input type="hidden" name="bylinesOnForm" value="1" /> : null}
            <select
              name="authorIds"
              id={id("author")}
              data-field="authorIds"
              multiple
              size={Math.min(6, Math.max(3, boot.authors.length))}
              aria-describedby={id("author-hint")}
              disabled={!boot.can.editStory}
            >
              {bylineChoices(boot.authors, article.authorIds).map((author) => (
                <option key={author.id} value={author.id} selected={article.authorIds.includes(author.id)}>
                  {author.name}
                </option>
              ))}
            </select>
            <p class="hint" id={id("author-hint")}>
              Every edition shows the same bylines. Ctrl or ⌘ picks several; none for no byline.
            </p>
          </div>
          <div class="field" data-source-field>
            <label for={id("source")}>Source</label>
            <select name="sourceId" id={id("source")} data-field="sourceId" disabled={!boot.can.editStory}>
              <option value="">No source</option>
              {boot.sources.map((source) => (
                <option key={source.id} value={source.id} selected={source.id === article.sourceId}>
                  {source.shortName ? `${source.name} (${source.shortName})` : source.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field" data-hero-field>
            <span class="field-label" id={id("hero-label")}>
              Hero image
            </span>
            <input
              type="hidden"
              name="heroMediaId"
              value={article.heroMediaId ?? ""}
              data-field="heroMediaId"
            />
            <div class="editor-hero" data-hero-preview>
              {boot.hero ? (
                <figure>
                  <img src={boot.hero.thumb} alt={boot.hero.alt} width={240} />
                  <figcaption>
                    {boot.hero.caption ?? boot.hero.name}
                    {boot.hero.credit ? ` [${boot.hero.credit}]` : ""}
                  </figcaption>
                </figure>
              ) : (
                <p class="hint">No hero image.</p>
              )}
            </div>
          </div>
          <fieldset class="editor-tags" data-tag-field disabled={!boot.can.editStory}>
            <legend>Tags</legend>
            {/* Says the tags were on the form, so that unticking every one removes them all. */}
            <input type="hidden" name="tagsOnForm" value="1" />
            <ul class="chips" data-tag-chips>
              {boot.tags.map((tag) => (
                <li key={tag.id} class="chip">
                  <label>
                    <input type="checkbox" name="tagIds" value={tag.id} checked /> {tag.name}
                    {tag.language !== article.edition ? (
                      <span class="lang" lang={tag.language}>
                        {" "}
                        ({tag.language})
                      </span>
                    ) : null}
                  </label>
                </li>
              ))}
            </ul>
            <p class="hint" data-body-fallback>
              Untick a tag to remove it. Adding tags needs JavaScript.
            </p>
          </fieldset>
          {boot.can.editStory ? null : (
            <p class="hint">
              Source, hero image and tags belong to the story and are changed in the original article.
            </p>
          )}
          <section class="editor-suggestions" data-tag-suggestions hidden aria-labelledby={id("sugg")}>
            <h2 id={id("sugg")}>Suggested tags</h2>
            <ul data-suggestion-list />
          </section>
        </aside>
      </div>
    </form>
  );
}

/** Tells someone whose edits wait for an editor that readers do not see them yet. */
function ApprovalNotice({ pendingSince }: { pendingSince: string | null }) {
  return (
    <p class="notice approval-notice" data-approval-notice>
      {pendingSince === null
        ? "Readers see this article as published. Your changes will wait for an editor to apply them."
        : `This is your edit saved at ${formatUtc(pendingSince)}, waiting for an editor. Readers see the published text until an editor applies it.`}
    </p>
  );
}

/** The story's bylines first, in their order (a multiple select keeps the order of its options), then the others. */
function bylineChoices<T extends { id: number }>(authors: readonly T[], chosen: readonly number[]): T[] {
  const first = chosen.flatMap((id) => authors.filter((author) => author.id === id));
  return [...first, ...authors.filter((author) => !chosen.includes(author.id))];
}
