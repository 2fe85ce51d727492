import { ValidationError } from "../errors.ts";

/** Limits on one body; a document past any of them is refused, not truncated. */
export const BODY_LIMITS = {
  /** Block nodes at any depth, list items included. */
  blocks: 2000,
  /** Quotes and lists inside one another; a top-level list is level 1. */
  depth: 6,
  /** Characters of text, captions and credits included. */
  textLength: 500_000,
  /** Text runs and line breaks; stops a body made of millions of empty-looking nodes. */
  inlines: 100_000,
  /** Characters of a body given as a JSON string, checked before parsing it. */
  jsonLength: 10_000_000,
} as const;

/** Running totals while one document is checked against BODY_LIMITS. */
export interface ParseState {
  blocks: number;
  inlines: number;
  textLength: number;
}

export type JsonObject = Record<string, unknown>;

/** Throws the error every body problem becomes: "body: <path> <problem>". */
export function fail(path: string, problem: string): never {
  throw new ValidationError("body", `${path || "the document"} ${problem}`);
}

export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function itemPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A value quoted for a message, cut short so hostile input cannot flood logs. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** An object holding only the `allowed` keys (when given); anything else is an error naming the key. */
export function expectObject(value: unknown, path: string, allowed?: readonly string[]): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, "must be an object");
  const object = value as JsonObject;
  if (allowed === undefined) return object;
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      fail(path, `has an unknown property ${quote(key)}; allowed: ${allowed.join(", ")}`);
    }
  }
  return object;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, "must be an array");
  return value;
}

/** The node's "type", which must be one of `known`. */
export function nodeType<T extends string>(object: JsonObject, path: string, known: readonly T[]): T {
  const type = object.type;
  if (typeof type !== "string") fail(childPath(path, "type"), "must be a string");
  if (!(known as readonly string[]).includes(type)) {
    fail(childPath(path, "type"), `${quote(type)} is not allowed here; use one of ${known.join(", ")}`);
  }
  return type as T;
}

export function expectPositiveId(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    fail(path, "must be a positive integer");
  }
  return value;
}

/** A string a reader sees; counted towards the text limit. */
export function expectText(value: unknown, path: string, state: ParseState): string {
  if (typeof value !== "string") fail(path, "must be a string");
  if (value.includes("\u0000")) fail(path, "must not contain the NUL character");
  state.textLength += value.length;
  if (state.textLength > BODY_LIMITS.textLength) {
    fail(path, `takes the body past ${BODY_LIMITS.textLength} characters of text; split the article`);
  }
  return value;
}
