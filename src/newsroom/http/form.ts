import { rowIdFrom } from "../../shared/ids.ts";

/** A text field of a parsed form (or JSON) body; "" when missing or not text. */
export function formText(body: unknown, name: string): string {
  const value = fieldOf(body, name);
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return "";
}

/** Every value of a repeated field (checkboxes). */
export function formList(body: unknown, name: string): string[] {
  const value = fieldOf(body, name);
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** The id a route parameter, query or form field spells (1 to MAX_ID, see ids.ts), or undefined. */
export function idParam(value: string | undefined): number | undefined {
  return rowIdFrom(value) ?? undefined;
}

function fieldOf(body: unknown, name: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  return Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
}
