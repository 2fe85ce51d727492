// The story's tags as chips with remove buttons, and a type-ahead over tag names in the article's
// edition (names only found in another edition are marked with its code).

import type { TagChip } from "../editor-types.ts";
import { api, query } from "./api.ts";
import { debounce, h } from "./dom.ts";

export interface TagField {
  ids(): number[];
  has(tagId: number): boolean;
  add(tag: TagChip): void;
}

export function tagField(options: {
  fieldset: HTMLFieldSetElement;
  chips: HTMLUListElement;
  tags: TagChip[];
  edition: () => string;
  apiRoot: string;
  enabled: boolean;
  onChange(): void;
}): TagField {
  const tags = [...options.tags];
  const fieldId = `${options.fieldset.closest("form")?.getAttribute("aria-label")?.replace(/\W+/g, "-") ?? "ed"}-tags`;
  const listId = `${fieldId}-options`;
  const input = h("input", {
    type: "text",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    autocomplete: "off",
    placeholder: "Type a tag’s name",
    disabled: !options.enabled,
  });
  const list = h("ul", {
    role: "listbox",
    id: listId,
    class: "ed-options ed-tag-options",
    hidden: true,
    "aria-label": "Matching tags",
  });
  const status = h("p", { class: "hint", role: "status" });
  const label = h("label", { class: "ed-tag-input" }, "Add a tag", input);
  options.fieldset.append(label, list, status);
  // Without script the chips were checkboxes; now they are chips with a remove button.
  for (const element of options.fieldset.querySelectorAll("[data-body-fallback]"))
    (element as HTMLElement).hidden = true;

  let results: TagChip[] = [];
  let active = -1;
  let asked = 0;

  const languageNote = (tag: TagChip) =>
    tag.language !== options.edition()
      ? h(
          "span",
          { class: "lang", lang: tag.language, title: `Named in ${tag.language} only` },
          ` (${tag.language})`,
        )
      : null;

  const renderChips = () => {
    options.chips.replaceChildren(
      ...tags.map((tag) => {
        const remove = h(
          "button",
          {
            type: "button",
            class: "chip-remove",
            "aria-label": `Remove tag ${tag.name}`,
            disabled: !options.enabled,
          },
          "×",
        );
        remove.addEventListener("click", () => {
          const index = tags.findIndex((t) => t.id === tag.id);
          if (index >= 0) tags.splice(index, 1);
          renderChips();
          options.onChange();
          input.focus();
        });
        return h(
          "li",
          { class: "chip", "data-tag-id": tag.id },
          h("span", {}, tag.name),
          languageNote(tag),
          remove,
        );
      }),
    );
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    results = [];
    active = -1;
  };

  const highlight = (index: number) => {
    active = results.length === 0 ? -1 : (index + results.length) % results.length;
    for (const [position, item] of [...list.children].entries())
      item.setAttribute("aria-selected", String(position === active));
    const current = list.children[active];
    if (current) input.setAttribute("aria-activedescendant", current.id);
  };

  const choose = (tag: TagChip | undefined) => {
    if (!tag) return;
    add(tag);
    input.value = "";
    close();
    status.textContent = `Tag ${tag.name} added.`;
    input.focus();
  };

  const search = debounce(async () => {
    const text = input.value.trim();
    const ticket = ++asked;
    if (text === "") return close();
    try {
      const answer = await api<{ tags: TagChip[] }>(
        "GET",
        `${options.apiRoot}/tags?${query({ edition: options.edition(), q: text })}`,
      );
      if (ticket !== asked) return;
      results = answer.tags.filter((tag) => !tags.some((t) => t.id === tag.id));
      list.replaceChildren(
        ...results.map((tag, index) => {
          const item = h(
            "li",
            { role: "option", id: `${listId}-${tag.id}`, "aria-selected": "false", "data-tag-id": tag.id },
            h("span", {}, tag.name),
            languageNote(tag),
            " ",
            h("span", { class: "hint" }, tag.parentName ? `${tag.kind}, ${tag.parentName}` : tag.kind),
          );
          item.addEventListener("mousedown", (event) => event.preventDefault());
          item.addEventListener("click", () => choose(results[index]));
          return item;
        }),
      );
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", String(results.length > 0));
      status.textContent = results.length === 0 ? "No tag by that name." : "";
      highlight(0);
    } catch (error) {
      if (ticket === asked) status.textContent = error instanceof Error ? error.message : String(error);
    }
  }, 150);

  input.addEventListener("input", () => search());
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (results.length === 0) return;
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      // Never submits the form from here.
      event.preventDefault();
      choose(results[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  function add(tag: TagChip): void {
    if (tags.some((t) => t.id === tag.id)) return;
    tags.push(tag);
    renderChips();
    options.onChange();
  }

  renderChips();
  return { ids: () => tags.map((tag) => tag.id), has: (id) => tags.some((tag) => tag.id === id), add };
}
