import type { AuthorProfile, AuthorProfileInput } from "../../authors/author-service.ts";
import { formList, formText } from "../http/form.ts";
import type { AuthorFormValues } from "./views/author-form-page.tsx";

/** The profile form's fields as the service takes them (it checks them). */
export function authorInputFrom(body: unknown, editions: readonly string[]): AuthorProfileInput {
  const labels = formList(body, "linkLabel");
  const urls = formList(body, "linkUrl");
  const photo = formText(body, "photoMediaId").trim();
  return {
    name: formText(body, "name"),
    slug: formText(body, "slug"),
    bio: formText(body, "bio"),
    bios: Object.fromEntries(editions.map((edition) => [edition, formText(body, `bio.${edition}`)])),
    // A number the service checks is an id, or the text itself so that it is refused by name.
    photoMediaId: photo === "" ? null : /^\d{1,10}$/.test(photo) ? Number(photo) : photo,
    links: urls.map((url, index) => ({ label: labels[index] ?? "", url })),
  };
}

/** What was typed, to show again with the refusal. */
export function valuesFromInput(input: AuthorProfileInput): AuthorFormValues {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    name: text(input.name),
    slug: text(input.slug),
    bio: text(input.bio),
    bios: Object.fromEntries(
      Object.entries((input.bios ?? {}) as Record<string, unknown>).map(([edition, bio]) => [
        edition,
        text(bio),
      ]),
    ),
    photoMediaId: typeof input.photoMediaId === "number" ? input.photoMediaId : null,
    links: Array.isArray(input.links) ? (input.links as AuthorFormValues["links"]) : [],
  };
}

export function valuesFromProfile(profile: AuthorProfile): AuthorFormValues {
  return {
    name: profile.name,
    slug: profile.slug,
    bio: profile.bio ?? "",
    bios: profile.bios,
    photoMediaId: profile.photoMediaId,
    links: profile.links,
  };
}

export const EMPTY_AUTHOR: AuthorFormValues = {
  name: "",
  slug: "",
  bio: "",
  bios: {},
  photoMediaId: null,
  links: [],
};
