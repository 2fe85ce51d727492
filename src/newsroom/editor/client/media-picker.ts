import { plural } from "../../../shared/i18n/plural.ts";
// Choosing an image for a figure or the hero: the media library's JSON API (GET /newsroom/api/media?q=
// for a page of pictures, newest first; POST /newsroom/api/media to upload one), in a dialog.

import type { MediaChoice } from "../editor-types.ts";
import { api, query } from "./api.ts";
import { modal } from "./dialogs.ts";
import { debounce, h } from "./dom.ts";

/** The media library's item (src/newsroom/media/media-queries.ts MediaItem), as far as we read it. */
interface MediaItem {
  id: number;
  thumbUrl: string;
  width: number;
  height: number;
  credit: string | null;
  texts: Record<string, { caption: string | null; alt: string | null }>;
  originalName: string;
}

/** A library item as the editor shows it, with the texts of `edition` (else of any edition). */
export function mediaChoiceOf(item: MediaItem, edition: string): MediaChoice {
  const texts = Object.values(item.texts);
  const own = item.texts[edition];
  const caption = own?.caption ?? texts.find((t) => t.caption)?.caption ?? null;
  return {
    id: item.id,
    thumb: item.thumbUrl,
    width: item.width,
    height: item.height,
    caption,
    alt: own?.alt ?? own?.caption ?? texts.find((t) => t.alt)?.alt ?? caption ?? "",
    credit: item.credit,
    name: item.originalName,
  };
}

export function pickMedia(options: {
  apiRoot: string;
  edition: string;
  title: string;
  canUpload: boolean;
}): Promise<MediaChoice | null> {
  return new Promise((resolve) => {
    const { body, open, close, onClose } = modal(options.title);
    let chosen: MediaChoice | null = null;
    let asked = 0;
    const input = h("input", {
      type: "search",
      autocomplete: "off",
      placeholder: "File name, caption or credit",
    });
    const grid = h("ul", { class: "ed-media-grid", "aria-label": "Images" });
    const status = h("p", { class: "hint", role: "status" }, "Loading the library…");
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    body.append(h("label", {}, "Search the library", input), status, grid);

    if (options.canUpload) {
      const file = h("input", {
        type: "file",
        accept: "image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff",
      });
      const credit = h("input", { type: "text", maxlength: 300 });
      const caption = h("input", { type: "text", maxlength: 2000 });
      const upload = h("button", { type: "button" }, "Upload and choose");
      const uploadStatus = h("p", { class: "field-message", role: "status" });
      upload.addEventListener("click", async () => {
        const picked = file.files?.[0];
        if (!picked) {
          uploadStatus.textContent = "Choose a file first.";
          return;
        }
        // The library reads the fields before the file.
        const form = new FormData();
        if (credit.value.trim()) form.append("credit", credit.value.trim());
        if (caption.value.trim()) form.append(`caption.${options.edition}`, caption.value.trim());
        form.append("file", picked);
        upload.disabled = true;
        uploadStatus.textContent = "Uploading…";
        try {
          const item = await api<MediaItem>("POST", `${options.apiRoot}/media`, form);
          chosen = mediaChoiceOf(item, options.edition);
          close();
        } catch (error) {
          uploadStatus.textContent = error instanceof Error ? error.message : String(error);
        } finally {
          upload.disabled = false;
        }
      });
      body.append(
        h(
          "details",
          { class: "ed-upload" },
          h("summary", {}, "Upload a new image"),
          h("label", {}, "Image file", file),
          h("label", {}, "Credit", credit),
          h("label", {}, `Caption (${options.edition})`, caption),
          h("div", {}, upload),
          uploadStatus,
        ),
      );
    }
    body.append(h("div", { class: "ed-dialog-actions" }, cancel));

    const load = debounce(async () => {
      const ticket = ++asked;
      try {
        const page = await api<{ items: MediaItem[] }>(
          "GET",
          `${options.apiRoot}/media?${query({ q: input.value.trim(), limit: 48 })}`,
        );
        if (ticket !== asked) return;
        const choices = page.items.map((item) => mediaChoiceOf(item, options.edition));
        grid.replaceChildren(
          ...choices.map((choice) => {
            const label = choice.caption ?? choice.name;
            const button = h(
              "button",
              {
                type: "button",
                class: "ed-media-choice",
                "data-media-id": choice.id,
                "aria-label": `Choose: ${label}`,
              },
              h("img", { src: choice.thumb, alt: "", loading: "lazy" }),
              h("span", {}, label),
            );
            button.addEventListener("click", () => {
              chosen = choice;
              close();
            });
            return h("li", {}, button);
          }),
        );
        status.textContent =
          choices.length === 0
            ? "No image matches."
            : `${plural("en", choices.length, { one: "1 image", other: `${choices.length} images` })}.`;
      } catch (error) {
        if (ticket === asked) status.textContent = error instanceof Error ? error.message : String(error);
      }
    }, 200);

    input.addEventListener("input", () => load());
    body.addEventListener("submit", (event) => event.preventDefault());
    cancel.addEventListener("click", () => close());
    onClose(() => resolve(chosen));
    open();
    input.focus();
    load();
  });
}
