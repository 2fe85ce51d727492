// The newsroom editor bundle's entry (built by esbuild, see ../editor-bundle.ts): every
// `form[data-article-editor]` on the page becomes an article editor, and every
// `form[data-page-editor]` (a page's form) gets the same body editor. A page can hold several
// article editors (the translation desk's translation beside its original); `window.tribuneEditors`
// and `window.tribunePageEditors` list them, for scripts and tests.

import { type ArticleEditorHandle, mountArticleEditor } from "./article-editor.ts";
import { mountPageEditor, type PageEditorHandle } from "./page-editor.ts";

declare global {
  interface Window {
    tribuneEditors?: ArticleEditorHandle[];
    tribunePageEditors?: PageEditorHandle[];
  }
}

/** Mounts `mount` on every form matching `selector` not yet mounted; returns the handles, old and new. */
function mountEach<T>(selector: string, mount: (form: HTMLFormElement) => T, handles: T[] = []): T[] {
  for (const form of document.querySelectorAll<HTMLFormElement>(selector)) {
    if (form.dataset.editorMounted) continue;
    form.dataset.editorMounted = "true";
    try {
      handles.push(mount(form));
    } catch (error) {
      // The plain form still works; say why the full editor did not start.
      form.dataset.editorMounted = "failed";
      console.error("the editor could not start", error);
    }
  }
  return handles;
}

function mountAll(): void {
  window.tribuneEditors = mountEach("form[data-article-editor]", mountArticleEditor, window.tribuneEditors);
  window.tribunePageEditors = mountEach("form[data-page-editor]", mountPageEditor, window.tribunePageEditors);
  const count = window.tribuneEditors.length + window.tribunePageEditors.length;
  document.documentElement.dataset.editorsReady = String(count);
}

// A module script runs after the document is parsed.
mountAll();
