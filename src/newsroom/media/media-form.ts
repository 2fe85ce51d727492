import type { MediaTextsInput } from "../../media/media-service.ts";
import { ValidationError } from "../../shared/errors.ts";

/** The names of the text fields in the media forms and the upload API. */
export const captionField = (edition: string) => `caption.${edition}`;
export const altField = (edition: string) => `alt.${edition}`;

/**
 * The credit and per-edition texts a form or an upload carries. A field that is absent (not sent,
 * or disabled in the form because the user may not change it) is undefined: left as it is. A NUL
 * is refused with a 400 naming the field (`caption.pt`): no text may hold one, PostgreSQL least.
 */
export function textsFromFields(
  body: unknown,
  editions: readonly string[],
): { credit: string | undefined; texts: Record<string, MediaTextsInput> } {
  const texts: Record<string, MediaTextsInput> = {};
  for (const edition of editions) {
    const caption = field(body, captionField(edition));
    const alt = field(body, altField(edition));
    if (caption !== undefined || alt !== undefined) texts[edition] = { caption, alt };
  }
  return { credit: field(body, "credit"), texts };
}

/** A text field's value, or undefined when the body does not have it. */
function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== "object" || !Object.hasOwn(body, name)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const text = typeof value === "string" ? value : Array.isArray(value) ? value[0] : undefined;
  if (typeof text !== "string") return undefined;
  if (text.includes("\u0000")) throw new ValidationError(name, "must not contain NUL characters");
  return text;
}
