// Modal dialogs of the editor (<dialog>: focus stays inside, Escape closes, focus returns after).

import { h } from "./dom.ts";

let dialogCount = 0;

/**
 * A fresh modal dialog with a heading, appended to the page and removed when closed. Closing is
 * done at once, whatever closes it (a button, Escape): the dialog goes, the focus returns to where
 * it was, and `onClose` callbacks run, all before the next key is handled. The browser's own
 * "close" event comes a task later, and keys typed in between (a fast typist, a script) used to
 * act at a selection the dialog had not yet put back.
 */
export function modal(title: string): {
  dialog: HTMLDialogElement;
  body: HTMLFormElement;
  close(): void;
  open(): void;
  onClose(callback: () => void): void;
} {
  dialogCount += 1;
  const headingId = `ed-dialog-${dialogCount}`;
  const body = h("form", { method: "dialog", class: "ed-dialog-body" }, h("h2", { id: headingId }, title));
  const dialog = h("dialog", { class: "ed-dialog", "aria-labelledby": headingId }, body);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const callbacks: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    opener?.focus();
    for (const callback of callbacks) callback();
  };
  // Escape: closed here and now rather than by the browser a task later.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });
  dialog.addEventListener("close", close);
  return {
    dialog,
    body,
    open() {
      document.body.append(dialog);
      dialog.showModal();
    },
    close,
    onClose(callback) {
      callbacks.push(callback);
    },
  };
}

export type UrlDialogResult = { action: "apply"; url: string } | { action: "remove" } | null;

/**
 * Asks for a URL (a link's, an embed's): checked by `validate` before the dialog closes, which
 * returns an error message or null. `removable` adds a "Remove link" button.
 */
export function askForUrl(options: {
  title: string;
  label: string;
  value?: string;
  hint: string;
  applyLabel: string;
  removable?: boolean;
  validate(url: string): string | null;
}): Promise<UrlDialogResult> {
  return new Promise((resolve) => {
    const { body, open, close, onClose } = modal(options.title);
    let result: UrlDialogResult = null;
    const input = h("input", {
      type: "url",
      value: options.value ?? "",
      required: true,
      autocomplete: "off",
    });
    const message = h("p", { class: "field-message", role: "alert" });
    const apply = h("button", { type: "submit" }, options.applyLabel);
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const remove = options.removable ? h("button", { type: "button", class: "danger" }, "Remove link") : null;
    body.append(
      h("label", {}, options.label, input),
      h("p", { class: "hint" }, options.hint),
      message,
      h("div", { class: "ed-dialog-actions" }, apply, remove, cancel),
    );
    body.addEventListener("submit", (event) => {
      event.preventDefault();
      const url = input.value.trim();
      const problem = options.validate(url);
      if (problem) {
        message.textContent = problem;
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      result = { action: "apply", url };
      close();
    });
    cancel.addEventListener("click", () => close());
    remove?.addEventListener("click", () => {
      result = { action: "remove" };
      close();
    });
    onClose(() => resolve(result));
    open();
    input.focus();
    input.select();
  });
}
