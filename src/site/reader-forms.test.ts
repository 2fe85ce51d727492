import assert from "node:assert/strict";
import { test } from "node:test";
import { type FormRefusalCode, FormRefusedError, parseStrictForm } from "./reader-forms.ts";

const refusal = (text: string): FormRefusalCode | null => {
  try {
    parseStrictForm(text);
    return null;
  } catch (error) {
    if (error instanceof FormRefusedError) return error.refusal.code;
    throw error;
  }
};

test("reads a urlencoded form in UTF-8, + as space, repeated fields as arrays", () => {
  const fields = parseStrictForm("name=Jo%C3%A3o+Silva&text=ol%C3%A1%0D%0Amundo&empty=&flag&text=again");
  assert.equal(fields.name, "João Silva");
  assert.deepEqual(fields.text, ["olá\r\nmundo", "again"]);
  assert.equal(fields.empty, "");
  assert.equal(fields.flag, "");
  assert.equal(Object.getPrototypeOf(fields), null, "no __proto__ tricks");
  assert.deepEqual(Object.entries(parseStrictForm("__proto__=x")), [["__proto__", "x"]]);
});

test("refuses bytes that are not UTF-8 instead of storing replacement characters", () => {
  assert.equal(refusal("text=%FF%FE"), "FORM_ENCODING");
  assert.equal(refusal("text=%C3%28"), "FORM_ENCODING");
  // An encoded UTF-16 surrogate (CESU-8) and an overlong "<" are not UTF-8 either.
  assert.equal(refusal("text=%ED%A0%80"), "FORM_ENCODING");
  assert.equal(refusal("text=%C0%BC"), "FORM_ENCODING");
  // Raw bytes that were not UTF-8 reach the parser as U+FFFD.
  assert.equal(refusal("text=\uFFFD"), "FORM_ENCODING");
  // A replacement character the reader typed arrives percent-encoded, and is kept.
  assert.equal(parseStrictForm("text=%EF%BF%BD").text, "\uFFFD");
});

test("refuses malformed escapes, too many fields and long names", () => {
  assert.equal(refusal("text=%zz"), "FORM_UNREADABLE");
  assert.equal(refusal("text=100%"), "FORM_UNREADABLE");
  assert.equal(refusal(Array.from({ length: 21 }, (_, i) => `f${i}=1`).join("&")), "FORM_UNREADABLE");
  assert.equal(refusal(Array.from({ length: 20 }, (_, i) => `f${i}=1`).join("&")), null);
  assert.equal(refusal(`${"n".repeat(41)}=1`), "FORM_UNREADABLE");
});
