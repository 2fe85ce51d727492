// The body editor acts where the writer last put the caret.
//
// ProseMirror learns that a click, a triple-click, End or an arrow key moved the caret from the
// browser's `selectionchange` event. Chrome fires it in a task of its own, which input events may
// overtake: a fast typist's (or a script's) End, Enter or Ctrl+K, or a click on the toolbar, could
// reach the editor while ProseMirror still held the previous selection, so Enter split the paragraph
// clicked before, a READ callout replaced the words selected before. Reading the DOM selection
// before every key ProseMirror handles and before every toolbar action closes that gap.
//
// A dialog (link, embed, image, READ callout) takes the focus, and giving it back lets the browser
// put the caret where it likes (the top of the body) and tell ProseMirror so: what the dialog does
// happens at the selection kept when it opened, mapped through any change made meanwhile.

import { type Editor, type EditorEvents, Extension } from "@tiptap/core";
import { Plugin, PluginKey, type SelectionBookmark } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";

/** The part of prosemirror-view's DOM observer used here (not in its published types). */
interface DomObserver {
  forceFlush(): void;
  flush(): void;
}

/**
 * Makes ProseMirror read the DOM selection (and DOM changes) not yet reported to it, as its own
 * `selectionchange` handler does: node selections and node views are handled as ProseMirror does.
 */
export function readDomSelection(view: EditorView): void {
  if (view.composing) return;
  const observer = (view as unknown as { domObserver?: Partial<DomObserver> }).domObserver;
  // forceFlush runs a flush already scheduled; flush reads a selection no event has reported yet.
  observer?.forceFlush?.();
  observer?.flush?.();
}

/** The part of prosemirror-view's input state used here (not in its published types). */
interface LastClick {
  time: number;
  x: number;
  y: number;
  type: string;
  button: number;
}

/**
 * ProseMirror counts double and triple clicks with a clock of its own (500 ms, 10 px), the browser
 * with the system's: when they disagree (a click, then a triple-click elsewhere at the same place on
 * the screen), ProseMirror selects the paragraph on the second click and leaves the third to the
 * browser, whose triple-click selection runs into the next paragraph, so End went to the end of that
 * one. ProseMirror's count follows the browser's (`event.detail`).
 */
function countClicksAsTheBrowser(view: EditorView, event: MouseEvent): void {
  const input = (view as unknown as { input?: { lastClick?: LastClick } }).input;
  if (!input?.lastClick) return;
  const previous = event.detail <= 1 ? "" : event.detail === 2 ? "singleClick" : "doubleClick";
  input.lastClick = {
    time: previous === "" ? 0 : Date.now(),
    x: event.clientX,
    y: event.clientY,
    type: previous,
    button: event.button,
  };
}

/**
 * Reads the DOM selection before ProseMirror and the keymaps handle a key or a click, and has
 * ProseMirror count clicks as the browser does.
 */
export const SelectionSync = Extension.create({
  name: "selectionSync",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("selectionSync"),
        props: {
          handleDOMEvents: {
            keydown(view, event) {
              // 229: a key of an input method's composition, which the browser owns.
              if (event.keyCode !== 229) readDomSelection(view);
              return false;
            },
            mousedown(view, event) {
              // What the previous click selected, not reported yet: a triple-click's selection is
              // compared with it (an empty paragraph's would otherwise keep a double-click's).
              readDomSelection(view);
              countClicksAsTheBrowser(view, event);
              return false;
            },
          },
        },
      }),
    ];
  },
});

export interface KeptSelection {
  /** Puts the kept selection back, focuses the editor, and stops following its changes. */
  restore(): void;
}

/** The editor's selection now (as the writer last set it), kept while a dialog is open. */
export function keepSelection(editor: Editor): KeptSelection {
  readDomSelection(editor.view);
  let bookmark: SelectionBookmark = editor.state.selection.getBookmark();
  const follow = ({ transaction }: EditorEvents["transaction"]) => {
    if (transaction.docChanged) bookmark = bookmark.map(transaction.mapping);
  };
  editor.on("transaction", follow);
  return {
    restore() {
      editor.off("transaction", follow);
      const { view } = editor;
      view.dispatch(view.state.tr.setSelection(bookmark.resolve(view.state.doc)));
      // Focused now, not on the next frame as TipTap's focus command does: until then the keys
      // typed next went to the toolbar button the dialog gave the focus back to, and the DOM's
      // stale selection, read at the next key, replaced the one just put back. ProseMirror's own
      // focus() writes its selection to the DOM in the same step.
      view.focus();
    },
  };
}
