// The slug follows the title (slugified as the server does) until someone edits it by hand; every
// value is checked against the edition's other articles as it changes, and a clash is said under it.

import { slugify } from "../../../shared/slug.ts";
import type { SlugCheck } from "../editor-types.ts";
import { api, query } from "./api.ts";
import { debounce } from "./dom.ts";

export interface SlugField {
  /** Call when the title changes. */
  followTitle(title: string): void;
  value(): string;
  /** Shows a refusal from a save under the field. */
  showProblem(message: string): void;
  /** Re-checks (after the edition changed, or the article got its id). */
  check(): void;
}

export function slugField(options: {
  input: HTMLInputElement;
  message: HTMLElement;
  locked: boolean;
  apiRoot: string;
  edition: () => string;
  articleId: () => number | null;
  onChange(): void;
}): SlugField {
  const { input, message } = options;
  let locked = options.locked;
  let asked = 0;

  const show = (problem: string | null) => {
    message.textContent = problem ?? "";
    message.classList.toggle("is-error", problem !== null);
    if (problem) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };

  const check = debounce(async () => {
    const slug = input.value.trim();
    const ticket = ++asked;
    if (slug === "") {
      show(null);
      return;
    }
    try {
      const answer = await api<SlugCheck>(
        "GET",
        `${options.apiRoot}/slugs/check?${query({ edition: options.edition(), slug, articleId: options.articleId() })}`,
      );
      if (ticket !== asked || input.value.trim() !== slug) return;
      if (answer.available) return show(null);
      // A slug made from the title takes the free one by itself; a typed one is the author's to fix.
      if (!locked && answer.suggestion) {
        input.value = answer.suggestion;
        options.onChange();
        return show(null);
      }
      show(answer.message);
    } catch {
      // The save will say it if the slug is wrong; a failed check is not worth a message.
    }
  }, 300);

  input.addEventListener("input", () => {
    locked = input.value.trim() !== "";
    options.onChange();
    check();
  });

  return {
    followTitle(title) {
      if (locked) return;
      const slug = slugify(title);
      if (slug === input.value) return;
      input.value = slug;
      check();
    },
    value: () => input.value.trim(),
    showProblem: (problem) => show(problem),
    check: () => check(),
  };
}
