import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { parseBodyDocument } from "./parse-body.ts";

// Builders shared by the body parser tests: plain objects, as an editor or the API sends them.

/** Asserts that parsing fails with a ValidationError whose message matches. */
export function assertRefused(value: unknown, message: RegExp | string): void {
  assert.throws(
    () => parseBodyDocument(value),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
      assert.equal(error.status, 400);
      assert.equal(error.details.field, "body");
      if (typeof message === "string") assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

export const doc = (...content: unknown[]) => ({ type: "doc", content });
export const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
export const text = (value: string, marks?: unknown[]) =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
export const link = (href: string) => ({ type: "link", attrs: { href } });
export const quote = (...content: unknown[]) => ({ type: "blockquote", content });
