// The body editor on a form other than an article's (a page's): the form keeps posting as it does
// without script, with the body editor's document in its `bodyJson` field instead of the text area's
// plain paragraphs. No autosave: a page is saved when its editor says so.

import type { BodyDocument } from "../../../shared/body/body-document.ts";
import type { BodyEditorBoot } from "../editor-types.ts";
import { type BodyEditor, createBodyEditor } from "./body-editor.ts";
import { find, h } from "./dom.ts";

export interface PageEditorHandle {
  body: BodyEditor;
  isDirty(): boolean;
}

/** Mounts the body editor on a `form[data-page-editor]`. */
export function mountPageEditor(form: HTMLFormElement): PageEditorHandle {
  const boot = JSON.parse(form.dataset.pageEditor ?? "{}") as BodyEditorBoot;
  const label = find(form, ".editor-body-field > label");
  let dirty = false;
  const body = createBodyEditor({
    mount: find(form, "[data-body-mount]"),
    labelId: label.id,
    body: boot.body as BodyDocument,
    context: { stories: boot.stories, media: boot.media },
    apiRoot: boot.api,
    edition: boot.edition,
    storyId: () => null,
    canUpload: boot.canUpload,
    onChange: () => {
      dirty = true;
    },
  });
  // The text area and its hints were for a browser without script.
  for (const element of form.querySelectorAll<HTMLElement>(".editor-body-field [data-body-fallback]")) {
    element.hidden = true;
    if (element instanceof HTMLTextAreaElement) element.disabled = true;
  }
  label.removeAttribute("for");
  label.addEventListener("click", () => body.editor.commands.focus());

  const bodyJson = h("input", { type: "hidden", name: "bodyJson" });
  form.append(bodyJson);
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", (event) => {
    try {
      bodyJson.value = JSON.stringify(body.body());
      dirty = false;
    } catch (error) {
      // A body the editor cannot store: say why here rather than post what would be refused.
      event.preventDefault();
      find(form, "[data-save-status]").textContent =
        `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  return { body, isDirty: () => dirty };
}
