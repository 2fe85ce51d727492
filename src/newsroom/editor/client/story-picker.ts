import { plural } from "../../../shared/i18n/plural.ts";
// The READ callout picker: a search box that finds stories as you type (the related service's picker
// search: every typed word starts a word of the headline, in any edition), arrows to move, Enter to
// insert the highlighted story.

import type { StoryChoice } from "../editor-types.ts";
import { api, query } from "./api.ts";
import { modal } from "./dialogs.ts";
import { debounce, h } from "./dom.ts";

export function pickStory(options: {
  apiRoot: string;
  edition: string;
  /** The story being edited: a callout may not point at it. */
  excludeStoryId: number | null;
}): Promise<StoryChoice | null> {
  return new Promise((resolve) => {
    const { dialog, body, open, close, onClose } = modal("Insert a READ callout");
    let chosen: StoryChoice | null = null;
    let results: StoryChoice[] = [];
    let active = -1;
    let asked = 0;
    // Enter pressed before the answer to the last keystroke came: insert its first story then.
    let pending = false;
    let enterWhenReady = false;
    const listId = `${dialog.querySelector("h2")?.id ?? "ed-dialog"}-stories`;
    const input = h("input", {
      type: "search",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      autocomplete: "off",
      placeholder: "Words of the headline",
    });
    const list = h("ul", { role: "listbox", id: listId, class: "ed-options", "aria-label": "Stories" });
    const status = h(
      "p",
      { class: "hint", role: "status" },
      "Type words of the headline; Enter inserts the highlighted story.",
    );
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    body.append(
      h("label", {}, "Find a story", input),
      list,
      status,
      h("div", { class: "ed-dialog-actions" }, cancel),
    );

    const choose = (story: StoryChoice | undefined) => {
      if (!story) return;
      chosen = story;
      close();
    };
    const highlight = (index: number) => {
      active = results.length === 0 ? -1 : (index + results.length) % results.length;
      for (const [position, item] of [...list.children].entries()) {
        item.setAttribute("aria-selected", String(position === active));
      }
      const current = list.children[active];
      if (current) {
        input.setAttribute("aria-activedescendant", current.id);
        current.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    const show = (stories: StoryChoice[]) => {
      results = stories;
      list.replaceChildren(
        ...stories.map((story, index) => {
          const item = h(
            "li",
            {
              role: "option",
              id: `${listId}-${story.storyId}`,
              "aria-selected": "false",
              "data-story-id": story.storyId,
            },
            h("span", { class: "ed-option-title", lang: story.edition }, story.title),
            " ",
            h("span", { class: "hint" }, `${story.edition} · ${story.publishedAt.slice(0, 10)}`),
          );
          item.addEventListener("mousedown", (event) => event.preventDefault());
          item.addEventListener("click", () => choose(stories[index]));
          return item;
        }),
      );
      input.setAttribute("aria-expanded", String(stories.length > 0));
      highlight(0);
      pending = false;
      if (enterWhenReady) {
        enterWhenReady = false;
        choose(stories[0]);
      }
    };
    const search = debounce(async () => {
      const text = input.value.trim();
      const ticket = ++asked;
      if (text === "") {
        show([]);
        status.textContent = "Type words of the headline; Enter inserts the highlighted story.";
        return;
      }
      try {
        const answer = await api<{ stories: StoryChoice[] }>(
          "GET",
          `${options.apiRoot}/stories/search?${query({ edition: options.edition, q: text, exclude: options.excludeStoryId })}`,
        );
        if (ticket !== asked) return;
        show(answer.stories);
        status.textContent =
          answer.stories.length === 0
            ? "No published story has those words in its headline."
            : `${plural("en", answer.stories.length, { one: "1 story", other: `${answer.stories.length} stories` })}; Enter inserts the highlighted one.`;
      } catch (error) {
        if (ticket !== asked) return;
        pending = false;
        enterWhenReady = false;
        status.textContent = error instanceof Error ? error.message : String(error);
      }
    }, 150);

    input.addEventListener("input", () => {
      pending = true;
      search();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (pending) enterWhenReady = true;
        else choose(results[active]);
      }
    });
    body.addEventListener("submit", (event) => event.preventDefault());
    cancel.addEventListener("click", () => close());
    onClose(() => resolve(chosen));
    open();
    input.focus();
  });
}
