import { CommentRefusedError } from "../../../comments/comment-errors.ts";

/** A parsed form: every value of every field, in order. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

const MAX_FIELDS = 20;
const MAX_NAME = 40;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a reader form from the raw body: `application/x-www-form-urlencoded` or
 * `multipart/form-data`, as browsers send them, in UTF-8. Anything else (JSON, text, XML) is
 * refused with 415; bytes that are not UTF-8 with 400 (never replaced by U+FFFD and stored);
 * malformed encodings, file uploads and more than a handful of fields with 400.
 */
export function parseForm(body: unknown, contentType: string | undefined): FormFields {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const [type = "", ...params] = (contentType ?? "").split(";").map((part) => part.trim());
  const charset = param(params, "charset");
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) throw new CommentRefusedError("FORM_ENCODING");
  switch (type.toLowerCase()) {
    case "application/x-www-form-urlencoded":
      return parseUrlEncoded(buffer);
    case "multipart/form-data": {
      const boundary = param(params, "boundary");
      if (!boundary || boundary.length > 200) throw new CommentRefusedError("FORM_UNREADABLE");
      return parseMultipart(buffer, boundary);
    }
    default:
      throw new CommentRefusedError("FORM_TYPE");
  }
}

/** The one value of a field: "" when missing, a FIELD_REPEATED refusal when sent twice. */
export function single(fields: FormFields, name: string): string {
  const values = fields.get(name);
  if (!values || values.length === 0) return "";
  if (values.length > 1) throw new CommentRefusedError("FIELD_REPEATED", { field: name });
  return values[0] ?? "";
}

/** Whether the form carried a field at all (even empty). */
export function has(fields: FormFields, name: string): boolean {
  return fields.has(name);
}

function parseUrlEncoded(buffer: Buffer): FormFields {
  const fields = new Map<string, string[]>();
  if (buffer.length === 0) return fields;
  let count = 0;
  for (const pair of split(buffer, 0x26 /* & */)) {
    if (pair.length === 0) continue;
    if (++count > MAX_FIELDS) throw new CommentRefusedError("FORM_UNREADABLE");
    const equals = pair.indexOf(0x3d /* = */);
    const name = decode(percentDecode(equals === -1 ? pair : pair.subarray(0, equals)));
    const value = equals === -1 ? "" : decode(percentDecode(pair.subarray(equals + 1)));
    add(fields, name, value);
  }
  return fields;
}

function parseMultipart(buffer: Buffer, boundary: string): FormFields {
  const fields = new Map<string, string[]>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = buffer.indexOf(delimiter);
  if (at === -1) throw new CommentRefusedError("FORM_UNREADABLE");
  let count = 0;
  for (;;) {
    at += delimiter.length;
    if (buffer[at] === 0x2d && buffer[at + 1] === 0x2d) return fields; // "--": the end
    if (buffer[at] !== 0x0d || buffer[at + 1] !== 0x0a) throw new CommentRefusedError("FORM_UNREADABLE");
    const next = buffer.indexOf(Buffer.from(`\r\n--${boundary}`), at);
    if (next === -1) throw new CommentRefusedError("FORM_UNREADABLE");
    const part = buffer.subarray(at + 2, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) throw new CommentRefusedError("FORM_UNREADABLE");
    const headers = decode(part.subarray(0, headerEnd));
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1] ?? "";
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    // A file where a comment form has none: refused rather than silently dropped.
    if (name === undefined || /(?:^|;)\s*filename\*?=/i.test(disposition))
      throw new CommentRefusedError("FORM_UNREADABLE");
    if (++count > MAX_FIELDS) throw new CommentRefusedError("FORM_UNREADABLE");
    add(fields, name, decode(part.subarray(headerEnd + 4)));
    at = next + 2;
  }
}

function add(fields: Map<string, string[]>, name: string, value: string): void {
  if (name.length > MAX_NAME) throw new CommentRefusedError("FORM_UNREADABLE");
  const list = fields.get(name);
  if (list) list.push(value);
  else fields.set(name, [value]);
}

/** `+` is a space and `%XX` a byte; a `%` not followed by two hex digits makes the form unreadable. */
function percentDecode(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x2b) {
      out[length++] = 0x20;
    } else if (byte === 0x25) {
      const hex = bytes.subarray(i + 1, i + 3).toString("latin1");
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new CommentRefusedError("FORM_UNREADABLE");
      out[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length);
}

function decode(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CommentRefusedError("FORM_ENCODING");
  }
}

function split(buffer: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i === buffer.length || buffer[i] === separator) {
      parts.push(buffer.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function param(params: readonly string[], name: string): string | undefined {
  for (const item of params) {
    const at = item.indexOf("=");
    if (at > 0 && item.slice(0, at).trim().toLowerCase() === name) {
      return item
        .slice(at + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
    }
  }
  return undefined;
}
