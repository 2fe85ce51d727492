// The newsroom editor bundle's entry (built by esbuild, see ../editor-bundle.ts): every
// `form[data-article-editor]` on the page becomes an article editor. A page can hold several (the
// translation desk's translation beside its original); `window.tribuneEditors` lists them, for scripts
// and tests.

import { type ArticleEditorHandle, mountArticleEditor } from "./article-editor.ts";

declare global {
  interface Window {
    tribuneEditors?: ArticleEditorHandle[];
  }
}

function mountAll(): void {
  const editors = window.tribuneEditors ?? [];
  for (const form of document.querySelectorAll<HTMLFormElement>("form[data-article-editor]")) {
    if (form.dataset.editorMounted) continue;
    form.dataset.editorMounted = "true";
    try {
      editors.push(mountArticleEditor(form));
    } catch (error) {
      // The plain form still works; say why the full editor did not start.
      form.dataset.editorMounted = "failed";
      console.error("the article editor could not start", error);
    }
  }
  window.tribuneEditors = editors;
  document.documentElement.dataset.editorsReady = String(editors.length);
}

// A module script runs after the document is parsed.
mountAll();
