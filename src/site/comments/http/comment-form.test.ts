import assert from "node:assert/strict";
import { test } from "node:test";
import { CommentRefusedError, type RefusalCode } from "../../../comments/comment-errors.ts";
import { parseForm, single } from "./comment-form.ts";

const URLENCODED = "application/x-www-form-urlencoded";
const refusal = (fn: () => unknown): RefusalCode | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof CommentRefusedError) return error.refusal;
    throw error;
  }
};

test("reads a urlencoded form in UTF-8, + as space, percent escapes as bytes", () => {
  const fields = parseForm(Buffer.from("name=Jo%C3%A3o+Silva&text=ol%C3%A1%0D%0Amundo&empty="), URLENCODED);
  assert.equal(single(fields, "name"), "João Silva");
  assert.equal(single(fields, "text"), "olá\r\nmundo");
  assert.equal(single(fields, "empty"), "");
  assert.equal(single(fields, "missing"), "");
});

test("refuses bytes that are not UTF-8 instead of storing replacement characters", () => {
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=%FF%FE"), URLENCODED)),
    "FORM_ENCODING",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.concat([Buffer.from("text="), Buffer.from([0xc3, 0x28])]), URLENCODED)),
    "FORM_ENCODING",
  );
  // An encoded UTF-16 surrogate (CESU-8) is not UTF-8 either.
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=%ED%A0%80"), URLENCODED)),
    "FORM_ENCODING",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=x"), `${URLENCODED}; charset=iso-8859-1`)),
    "FORM_ENCODING",
  );
});

test("refuses malformed escapes, repeated fields, too many fields and other content types", () => {
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=%zz"), URLENCODED)),
    "FORM_UNREADABLE",
  );
  assert.equal(
    refusal(() => single(parseForm(Buffer.from("text=a&text=b"), URLENCODED), "text")),
    "FIELD_REPEATED",
  );
  assert.equal(
    refusal(() =>
      parseForm(Buffer.from(Array.from({ length: 30 }, (_, i) => `f${i}=1`).join("&")), URLENCODED),
    ),
    "FORM_UNREADABLE",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.from('{"text":"x"}'), "application/json")),
    "FORM_TYPE",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=x"), undefined)),
    "FORM_TYPE",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.from("text=x"), "text/plain")),
    "FORM_TYPE",
  );
});

test("reads multipart forms and refuses files and broken ones", () => {
  const body = (parts: string[]) =>
    Buffer.from(`${parts.map((p) => `--XyZ\r\n${p}\r\n`).join("")}--XyZ--\r\n`);
  const part = (name: string, value: string, extra = "") =>
    `Content-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}`;
  const fields = parseForm(
    body([part("name", "Ana"), part("text", "línea 1\r\nlínea 2")]),
    "multipart/form-data; boundary=XyZ",
  );
  assert.equal(single(fields, "text"), "línea 1\r\nlínea 2");
  assert.equal(
    refusal(() =>
      parseForm(body([part("file", "x", '; filename="a.txt"')]), "multipart/form-data; boundary=XyZ"),
    ),
    "FORM_UNREADABLE",
  );
  assert.equal(
    refusal(() => parseForm(Buffer.from("--XyZ\r\nnonsense"), "multipart/form-data; boundary=XyZ")),
    "FORM_UNREADABLE",
  );
  assert.equal(
    refusal(() => parseForm(body([part("text", "x")]), "multipart/form-data")),
    "FORM_UNREADABLE",
  );
});
