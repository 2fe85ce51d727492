import type { PageTranslation } from "../../../pages/page-service.ts";
import type { BodyDocument } from "../../../shared/body/body-document.ts";
import type { BodyEditorBoot } from "../../editor/editor-types.ts";
import { BodyField } from "../../editor/views/body-field.tsx";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { pageActionUrl, pageEditUrl, pagePreviewUrl } from "./page-urls.ts";

/** A page's fields as the form shows them: stored, or as typed before a refusal. */
export interface PageForm {
  id: number | null;
  edition: string;
  status: "draft" | "published";
  title: string;
  slug: string;
  metaDescription: string;
  inFooter: boolean;
  footerPosition: string;
  body: BodyDocument;
}

export interface PageEditorProps {
  form: PageForm;
  boot: BodyEditorBoot;
  csrf: string;
  error?: { message: string; field?: string | undefined } | null;
  notice?: string | null;
  /** The text area's text after a refused post. */
  bodyText?: string | undefined;
  /** The page's group, itself included (none for a new page). */
  translations: readonly PageTranslation[];
  /** Editions the user may start a translation in (none have one yet). */
  translateInto: readonly string[];
  /** The page's address for readers, when published. */
  readerUrl: string | null;
  can: { publish: boolean; delete: boolean };
}

/**
 * The page editor: the fields of a page and the articles' body editor (the editor bundle mounts on
 * `data-page-editor`), a plain form that also works without script; beside it the page's status,
 * translations and the moves (publish, translate, delete), each its own small form.
 */
export function PageEditorPage(props: PageEditorProps) {
  const { form } = props;
  const id = (name: string) => `pg-${form.id ?? "new"}-${name}`;
  const invalid = (field: string) => (props.error?.field === field ? "true" : undefined);
  return (
    <>
      <p class="breadcrumbs">
        <a href={`/newsroom/pages?edition=${form.edition}`}>Pages</a>
      </p>
      <h1>
        {form.id === null ? "New page" : "Edit page"} <span class="nr-role">{form.edition}</span>{" "}
        {form.id === null ? null : <span class={`status status-${form.status}`}>{form.status}</span>}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error?.message} />
      <div class="editor-columns">
        <form
          method="post"
          action={form.id === null ? `/newsroom/pages/new?edition=${form.edition}` : pageEditUrl(form.id)}
          class="editor-form editor-main"
          data-page-editor={JSON.stringify(props.boot)}
          aria-label={form.id === null ? "New page" : `Edit page ${form.id}`}
        >
          <CsrfInput token={props.csrf} />
          <div class="field">
            <label for={id("title")}>Title</label>
            <input
              type="text"
              name="title"
              id={id("title")}
              value={form.title}
              required
              maxLength={200}
              class="editor-title"
              aria-invalid={invalid("title")}
            />
          </div>
          <div class="field">
            <label for={id("slug")}>Address</label>
            <input
              type="text"
              name="slug"
              id={id("slug")}
              value={form.slug}
              maxLength={80}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              placeholder={form.id === null ? "made from the title" : undefined}
              aria-describedby={id("slug-hint")}
              aria-invalid={invalid("slug")}
            />
            <p class="hint" id={id("slug-hint")}>
              The page is at /{form.edition}/<em>address</em>: lowercase letters a to z, digits and hyphens.
              Not search, tag, author, feed or another of the site's own addresses.
            </p>
          </div>
          <div class="field">
            <label for={id("description")}>Description for search engines</label>
            <textarea
              name="metaDescription"
              id={id("description")}
              rows={2}
              maxLength={300}
              aria-describedby={id("description-hint")}
              aria-invalid={invalid("metaDescription")}
            >
              {form.metaDescription}
            </textarea>
            <p class="hint" id={id("description-hint")}>
              Optional: without one, the opening of the body describes the page.
            </p>
          </div>
          <BodyField idPrefix={id("page")} body={form.body} bodyText={props.bodyText} subject="the page" />
          <fieldset>
            <legend>Footer</legend>
            <label>
              <input type="checkbox" name="inFooter" value="1" checked={form.inFooter} /> Show in the
              edition's footer
            </label>{" "}
            <label>
              Order{" "}
              <input
                type="number"
                name="footerPosition"
                value={form.footerPosition}
                min={0}
                max={999}
                class="narrow-number"
                aria-invalid={invalid("footerPosition")}
              />
            </label>
          </fieldset>
          <div class="editor-actions">
            <button type="submit">{form.status === "published" ? "Save changes" : "Save draft"}</button>
            <p class="editor-status" data-save-status role="status" aria-live="polite">
              {form.status === "published" ? "Readers see the changes as soon as you save." : null}
            </p>
          </div>
        </form>
        {form.id === null ? null : <PageSide {...props} id={form.id} />}
      </div>
    </>
  );
}

/** The side panel of a saved page: publish or unpublish, its translations, delete. */
function PageSide(props: PageEditorProps & { id: number }) {
  const { form, id } = props;
  return (
    <aside class="editor-side" aria-label="Page status and translations">
      <p>
        <a href={pagePreviewUrl(id)}>Preview</a>
        {props.readerUrl ? (
          <>
            {" · "}
            <a href={props.readerUrl}>View the page</a>
          </>
        ) : null}
      </p>
      {props.can.publish ? (
        <form
          method="post"
          action={pageActionUrl(id, form.status === "published" ? "unpublish" : "publish")}
          class="inline"
        >
          <CsrfInput token={props.csrf} />
          <button type="submit" class={form.status === "published" ? "secondary" : undefined}>
            {form.status === "published" ? "Unpublish" : "Publish"}
          </button>
        </form>
      ) : (
        <p class="hint">An editor publishes pages.</p>
      )}
      <h2>Translations</h2>
      <ul>
        {props.translations.map((translation) => (
          <li key={translation.id}>
            {translation.id === id ? (
              <span aria-current="page">
                {translation.edition}: {translation.title}
              </span>
            ) : (
              <a href={pageEditUrl(translation.id)}>
                {translation.edition}: {translation.title}
              </a>
            )}{" "}
            <span class={`status status-${translation.status}`}>{translation.status}</span>
          </li>
        ))}
      </ul>
      {props.translateInto.length > 0 ? (
        <form method="post" action={pageActionUrl(id, "translate")} class="inline">
          <CsrfInput token={props.csrf} />
          <label>
            Translate into{" "}
            <select name="edition">
              {props.translateInto.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" class="secondary">
            Start translation
          </button>
        </form>
      ) : null}
      {props.can.delete ? (
        <p>
          <a href={pageActionUrl(id, "delete")} class="danger-link">
            Delete this page…
          </a>
        </p>
      ) : null}
    </aside>
  );
}
