import { plural } from "../../../shared/i18n/plural.ts";
// Tags the text suggests (existing tags named in it, and the gazetteer's countries and regions), each
// with a one-click Add: an existing tag is added, a new country is created under its region first.

import type { BodyDocument } from "../../../shared/body/body-document.ts";
import type { TagChip } from "../editor-types.ts";
import { api } from "./api.ts";
import { debounce, h } from "./dom.ts";
import type { TagField } from "./tag-field.ts";

/** One suggestion as POST /newsroom/api/tag-suggestions answers it. */
interface Suggestion {
  key: string;
  kind: string;
  name: string;
  mentions: number;
  matches: string[];
  tagId: number | null;
  region: { key: string; name: string } | null;
}

export function tagSuggestions(options: {
  section: HTMLElement;
  list: HTMLUListElement;
  apiRoot: string;
  edition: () => string;
  canCreate: boolean;
  tags: TagField;
  text: () => { title: string; summary: string; body: BodyDocument };
}): { refresh(): void } {
  const status = h("p", { class: "hint", role: "status" });
  options.section.append(status);
  let asked = 0;

  const render = (suggestions: Suggestion[]) => {
    const shown = suggestions.filter((s) => s.tagId === null || !options.tags.has(s.tagId));
    options.section.hidden = shown.length === 0 && status.textContent === "";
    options.list.replaceChildren(
      ...shown.map((suggestion) => {
        const isNew = suggestion.tagId === null;
        const button = h(
          "button",
          {
            type: "button",
            class: "secondary",
            "aria-label": `${isNew ? "Create and add" : "Add"} tag ${suggestion.name}`,
            disabled: isNew && !options.canCreate,
          },
          isNew ? "Create and add" : "Add",
        );
        const details = [
          suggestion.kind,
          suggestion.region?.name,
          plural("en", suggestion.mentions, { one: "1 mention", other: `${suggestion.mentions} mentions` }),
        ]
          .filter(Boolean)
          .join(" · ");
        const item = h(
          "li",
          { "data-suggestion": suggestion.key },
          h("span", { class: "ed-suggestion-name" }, suggestion.name),
          " ",
          h("span", { class: "hint" }, isNew ? `new ${details}` : details),
          " ",
          button,
          isNew && !options.canCreate ? h("span", { class: "hint" }, " (an editor can create it)") : null,
        );
        button.addEventListener("click", async () => {
          button.disabled = true;
          try {
            const answer = await api<{ tag: TagChip; created: boolean }>(
              "POST",
              `${options.apiRoot}/tag-suggestions/accept`,
              { key: suggestion.key, edition: options.edition() },
            );
            options.tags.add(answer.tag);
            item.remove();
            status.textContent = answer.created
              ? `Tag ${answer.tag.name} created and added.`
              : `Tag ${answer.tag.name} added.`;
          } catch (error) {
            button.disabled = false;
            status.textContent = error instanceof Error ? error.message : String(error);
          }
        });
        return item;
      }),
    );
  };

  const refresh = debounce(async () => {
    const ticket = ++asked;
    const { title, summary, body } = options.text();
    try {
      const answer = await api<{ suggestions: Suggestion[] }>("POST", `${options.apiRoot}/tag-suggestions`, {
        edition: options.edition(),
        title,
        summary,
        body,
        tagIds: [],
      });
      if (ticket !== asked) return;
      status.textContent = "";
      render(answer.suggestions);
    } catch {
      // Suggestions are a help, not a duty: a failed round leaves the last ones shown.
    }
  }, 1500);

  return { refresh: () => refresh() };
}
