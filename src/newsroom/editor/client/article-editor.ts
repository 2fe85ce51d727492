// One article editor on a page: turns the server's EditorForm into the full editor, saves through the
// JSON API (drafts by themselves, three seconds after the last change), says what it is doing in an
// aria-live status, and warns before leaving with unsaved changes.

import type { EditorBoot, MediaChoice, SavedArticle, SourceChoice } from "../editor-types.ts";
import { ApiError, api, OfflineError } from "./api.ts";
import { type BodyEditor, createBodyEditor } from "./body-editor.ts";
import { modal } from "./dialogs.ts";
import { clockTime, debounce, find, h } from "./dom.ts";
import { pickMedia } from "./media-picker.ts";
import { slugField } from "./slug-field.ts";
import { tagField } from "./tag-field.ts";
import { tagSuggestions } from "./tag-suggestions.ts";

/** Seconds of quiet after a change before a draft saves itself. */
const AUTOSAVE_DELAY_MS = 3000;
const RETRY_OFFLINE_MS = 10_000;

export interface ArticleEditorHandle {
  /** Saves now (what the Save button does); resolves when done, whatever the outcome. */
  save(): Promise<void>;
  /** Unsaved changes, or a save under way. */
  isDirty(): boolean;
  body: BodyEditor;
}

/** Mounts the editor on a `form[data-article-editor]` rendered by EditorForm. */
export function mountArticleEditor(form: HTMLFormElement): ArticleEditorHandle {
  const boot = JSON.parse(form.dataset.articleEditor ?? "{}") as EditorBoot;
  const apiRoot = boot.api;
  const article = { ...boot.article };
  let heroMediaId = article.heroMediaId;

  const field = <T extends HTMLElement>(name: string) => form.querySelector<T>(`[data-field="${name}"]`);
  const title = find<HTMLInputElement>(form, '[data-field="title"]');
  const summary = find<HTMLTextAreaElement>(form, '[data-field="summary"]');
  const editionSelect = field<HTMLSelectElement>("edition");
  const bylines = find<HTMLSelectElement>(form, '[data-field="authorIds"]');
  const source = find<HTMLSelectElement>(form, '[data-field="sourceId"]');
  const heroInput = find<HTMLInputElement>(form, '[data-field="heroMediaId"]');
  const status = find(form, "[data-save-status]");
  const saveButton = find<HTMLButtonElement>(form, "[data-save-button]");
  const baseRevision = form.querySelector<HTMLInputElement>('input[name="baseRevisionId"]');
  const edition = () => editionSelect?.value ?? article.edition;

  // --- state -------------------------------------------------------------------------------
  let changes = 0;
  let savedChanges = 0;
  let saving = false;
  let saveAgain = false;
  let conflict = false;
  const isDirty = () => changes !== savedChanges || saving;

  const setStatus = (text: string, tone: "ok" | "error" | "busy" | "idle" = "idle") => {
    status.textContent = text;
    status.dataset.tone = tone;
  };

  const autosave = debounce(() => void save(true), AUTOSAVE_DELAY_MS);
  const changed = (options: { text?: boolean } = {}) => {
    changes += 1;
    if (conflict) return;
    if (boot.autosave) {
      setStatus(
        title.value.trim() === "" ? "Unsaved changes: add a title to save the draft." : "Unsaved changes…",
      );
      autosave();
    } else {
      setStatus("Unsaved changes: save them with the button.");
    }
    if (options.text) suggestions?.refresh();
  };

  // --- fields ------------------------------------------------------------------------------
  const slug = slugField({
    input: find<HTMLInputElement>(form, '[data-field="slug"]'),
    message: find(form, "[data-slug-message]"),
    locked: boot.slugLocked,
    apiRoot,
    edition,
    articleId: () => article.id,
    onChange: () => changed(),
  });

  const mount = find(form, "[data-body-mount]");
  const label = find(form, ".editor-body-field > label");
  const body = createBodyEditor({
    mount,
    labelId: label.id,
    body: article.body,
    context: { stories: boot.stories, media: boot.media },
    apiRoot,
    edition: article.edition,
    storyId: () => article.storyId,
    canUpload: boot.can.uploadMedia,
    onChange: () => changed({ text: true }),
  });
  // The text area and its hints were for a browser without script.
  for (const element of form.querySelectorAll<HTMLElement>(".editor-body-field [data-body-fallback]")) {
    element.hidden = true;
    if (element instanceof HTMLTextAreaElement) element.disabled = true;
  }
  label.removeAttribute("for");
  label.addEventListener("click", () => body.editor.commands.focus());

  title.addEventListener("input", () => {
    slug.followTitle(title.value);
    changed({ text: true });
  });
  summary.addEventListener("input", () => changed({ text: true }));
  bylines.addEventListener("change", () => changed());
  source.addEventListener("change", () => changed());
  editionSelect?.addEventListener("change", () => {
    slug.check();
    changed();
  });

  const tagFieldset = find<HTMLFieldSetElement>(form, "[data-tag-field]");
  const tags = tagField({
    fieldset: tagFieldset,
    chips: find<HTMLUListElement>(form, "[data-tag-chips]"),
    tags: boot.tags,
    edition,
    apiRoot,
    enabled: boot.can.editStory,
    onChange: () => changed(),
  });

  const suggestionSection = find(form, "[data-tag-suggestions]");
  const suggestions = boot.can.editStory
    ? tagSuggestions({
        section: suggestionSection,
        list: find<HTMLUListElement>(form, "[data-suggestion-list]"),
        apiRoot,
        edition,
        canCreate: boot.can.createTags,
        tags,
        text: () => ({ title: title.value, summary: summary.value, body: safeBody() }),
      })
    : null;
  suggestions?.refresh();

  heroField();
  if (boot.can.createSources && boot.can.editStory) sourceButton();

  // --- saving ------------------------------------------------------------------------------
  function safeBody() {
    try {
      return body.body();
    } catch {
      return { type: "doc" as const, content: [] };
    }
  }

  async function save(auto: boolean): Promise<void> {
    if (saving) {
      saveAgain = true;
      return;
    }
    autosave.cancel();
    if (conflict) return;
    if (title.value.trim() === "") {
      setStatus("Not saved: the article needs a title.", "error");
      return;
    }
    let doc: ReturnType<BodyEditor["body"]>;
    try {
      doc = body.body();
    } catch (error) {
      setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`, "error");
      return;
    }
    const version = changes;
    const number = (value: string) => (value === "" ? null : Number(value));
    const fields = {
      title: title.value,
      ...(slug.value() !== "" ? { slug: slug.value() } : {}),
      summary: summary.value.trim() === "" ? null : summary.value,
      body: doc,
      ...(boot.can.editStory
        ? { authorIds: [...bylines.selectedOptions].map((option) => Number(option.value)) }
        : {}),
      ...(boot.can.editStory ? { sourceId: number(source.value), heroMediaId, tagIds: tags.ids() } : {}),
    };
    saving = true;
    saveButton.disabled = true;
    setStatus("Saving…", "busy");
    try {
      const created = article.id === null;
      const answer = created
        ? await api<{ article: SavedArticle }>("POST", `${apiRoot}/articles`, {
            ...fields,
            edition: edition(),
          })
        : await api<{ article: SavedArticle }>("PUT", `${apiRoot}/articles/${article.id}`, {
            ...fields,
            baseRevisionId: article.revisionId,
            autosave: auto,
          });
      const saved = answer.article;
      article.id = saved.id;
      article.storyId = saved.storyId;
      article.revisionId = saved.revisionId;
      article.revisionNumber = saved.revisionNumber;
      if (baseRevision) baseRevision.value = String(saved.revisionId);
      if (created) {
        // From now on this is the article's page: a reload opens it, the form posts to it.
        history.replaceState(null, "", saved.editUrl);
        form.action = saved.editUrl;
        if (editionSelect) editionSelect.disabled = true;
        showSavedArticle(saved.id);
      }
      savedChanges = version;
      setStatus(
        saved.pendingSince
          ? `Saved at ${clockTime(saved.pendingSince)} for an editor's approval: readers see the published text until an editor applies it.`
          : `Saved at ${clockTime(saved.savedAt)} (revision ${saved.revisionNumber}).`,
        "ok",
      );
    } catch (error) {
      failed(error, auto);
    } finally {
      saving = false;
      saveButton.disabled = false;
      // Changes typed during the save asked for another one: it runs now, on the new revision.
      if (saveAgain) {
        saveAgain = false;
        if (changes !== savedChanges) void save(auto);
      }
    }
  }

  function failed(error: unknown, auto: boolean): void {
    if (error instanceof ApiError && error.code === "EDIT_CONFLICT") {
      conflict = true;
      const who = typeof error.body.savedBy === "string" ? error.body.savedBy : "Someone";
      const when = typeof error.body.savedAt === "string" ? ` at ${clockTime(error.body.savedAt)}` : "";
      const revision =
        typeof error.body.currentRevisionNumber === "number"
          ? ` revision ${error.body.currentRevisionNumber}`
          : " a newer revision";
      setStatus(
        `Not saved: ${who} saved${revision}${when} after you opened this article. Copy your changes, reload the page, and apply them again.`,
        "error",
      );
      return;
    }
    if (error instanceof ApiError && (error.field === "slug" || error.code === "SLUG_TAKEN")) {
      slug.showProblem(error.message);
    }
    if (error instanceof OfflineError && auto) {
      setStatus(`Not saved: ${error.message} Trying again in ${RETRY_OFFLINE_MS / 1000} seconds.`, "error");
      setTimeout(() => void save(true), RETRY_OFFLINE_MS);
      return;
    }
    setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`, "error");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void save(false);
  });

  // A move from the side panel's workflow (send to review, publish…) acts on the saved text: save
  // what is typed first, then make the move; a save that fails stops it, its message shown.
  for (const move of document.querySelectorAll<HTMLFormElement>("form[data-workflow-form]")) {
    move.addEventListener("submit", (event) => {
      if (!isDirty()) return;
      event.preventDefault();
      void (async () => {
        await save(false);
        if (!isDirty()) move.submit();
      })();
    });
  }

  window.addEventListener("beforeunload", (event) => {
    if (!isDirty()) return;
    event.preventDefault();
    // Older browsers want a returnValue to show the dialog.
    event.returnValue = "";
  });

  // --- hero image and sources ------------------------------------------------------------------
  function heroField(): void {
    const wrap = find(form, "[data-hero-field]");
    const preview = find(form, "[data-hero-preview]");
    const choose = h(
      "button",
      { type: "button", class: "secondary", disabled: !boot.can.editStory },
      "Choose image",
    );
    const remove = h(
      "button",
      { type: "button", class: "secondary", disabled: !boot.can.editStory },
      "Remove",
    );
    const show = (media: MediaChoice | null) => {
      preview.replaceChildren(
        media
          ? h(
              "figure",
              {},
              h("img", { src: media.thumb, alt: media.alt, width: 240 }),
              h(
                "figcaption",
                {},
                `${media.caption ?? media.name}${media.credit ? ` [${media.credit}]` : ""}`,
              ),
            )
          : h("p", { class: "hint" }, "No hero image."),
      );
      remove.hidden = media === null;
    };
    choose.addEventListener("click", async () => {
      const media = await pickMedia({
        apiRoot,
        edition: edition(),
        title: "Choose the hero image",
        canUpload: boot.can.uploadMedia,
      });
      if (!media) return;
      heroMediaId = media.id;
      heroInput.value = String(media.id);
      show(media);
      changed();
    });
    remove.addEventListener("click", () => {
      heroMediaId = null;
      heroInput.value = "";
      show(null);
      changed();
      choose.focus();
    });
    wrap.append(h("div", { class: "ed-inline-actions" }, choose, remove));
    show(boot.hero);
  }

  function sourceButton(): void {
    const add = h("button", { type: "button", class: "secondary ed-small" }, "New source…");
    find(form, "[data-source-field]").append(add);
    add.addEventListener("click", () => {
      const { body: dialogBody, open, close, onClose } = modal("Add a source");
      const name = h("input", { type: "text", required: true, maxlength: 120 });
      const short = h("input", { type: "text", maxlength: 20 });
      const url = h("input", { type: "url" });
      const message = h("p", { class: "field-message", role: "alert" });
      const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
      dialogBody.append(
        h("label", {}, "Name", name),
        h("label", {}, "Short name (e.g. MEE)", short),
        h("label", {}, "Website", url),
        message,
        h("div", { class: "ed-dialog-actions" }, h("button", { type: "submit" }, "Add source"), cancel),
      );
      cancel.addEventListener("click", () => close());
      dialogBody.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          const answer = await api<{ source: SourceChoice }>("POST", `${apiRoot}/sources`, {
            name: name.value,
            shortName: short.value || null,
            url: url.value || null,
          });
          const { source: created } = answer;
          if (!source.querySelector(`option[value="${created.id}"]`)) {
            source.append(
              h(
                "option",
                { value: created.id },
                created.shortName ? `${created.name} (${created.shortName})` : created.name,
              ),
            );
          }
          source.value = String(created.id);
          changed();
          close();
        } catch (error) {
          message.textContent = error instanceof Error ? error.message : String(error);
        }
      });
      onClose(() => source.focus());
      open();
      name.focus();
    });
  }

  return { save: () => save(false), isDirty, body };
}

/** After a new story's first save the page is the article's: its heading and links say so. */
function showSavedArticle(articleId: number): void {
  const links = document.querySelector<HTMLElement>("[data-article-links]");
  if (links) {
    for (const link of links.querySelectorAll<HTMLAnchorElement>("a[data-article-link]")) {
      link.href = `/newsroom/articles/${articleId}/${link.dataset.articleLink}`;
    }
    links.hidden = false;
  }
  const heading = document.querySelector("[data-editor-heading]");
  if (heading) heading.textContent = "Edit article";
  const status = document.querySelector<HTMLElement>("[data-editor-status]");
  if (status) status.hidden = false;
}
