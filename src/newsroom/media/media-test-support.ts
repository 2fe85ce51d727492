// Helpers for the media library's tests: real and broken images, multipart bodies, and a snapshot of
// everything an upload could leave behind (files under the media folder, rows in the media tables
// and the audit log), to show that a refusal leaves nothing.

import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import sharp from "sharp";
import { parsePage } from "../../../test/support/html.ts";
import type { NewsroomClient } from "../../../test/support/newsroom.ts";
import type { Db } from "../../db/database.ts";
import { DirectoryMediaStore } from "../../media/directory-media-store.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { generatePlaceholderPhoto } from "../../media/placeholder-photo.ts";

/** A JPEG photo (gradient and label), as a camera would give it but small. */
export function jpegPhoto(width = 1300, height = 867, label = "photo"): Promise<Buffer> {
  return generatePlaceholderPhoto(width, height, label);
}

/** A PNG of one colour. */
export function pngImage(width = 640, height = 480, background = "#2a6f97"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
}

/** A real JPEG of noise, which compresses badly: about `megabytes` MB or a little more. */
export async function largeJpeg(megabytes: number): Promise<Buffer> {
  const side = Math.ceil(Math.sqrt((megabytes * 2 ** 20) / 1.2));
  const raw = randomBytes(side * side * 3);
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
}

/** A real JPEG whose header claims `width`×`height` pixels, so only the pixel limit can refuse it. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const data = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } })
    .jpeg({ progressive: false })
    .toBuffer();
  const sof = data.indexOf(Buffer.from([0xff, 0xc0]));
  data.writeUInt16BE(height, sof + 5);
  data.writeUInt16BE(width, sof + 7);
  return data;
}

/** The first 40% of a JPEG: the header reads fine, the pixels stop short. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await jpegPhoto(1200, 800, "cut");
  return whole.subarray(0, Math.floor(whole.length * 0.4));
}

export interface UploadFile {
  name: string;
  data: Buffer;
  /** What the browser says it is (it is never believed); image/jpeg unless given. */
  type?: string;
  field?: string;
}

export interface MultipartBody {
  payload: Buffer;
  contentType: string;
}

/** A multipart/form-data body: `fields` first, then `files`, then `after` (fields out of order). */
export function multipartBody(
  fields: Record<string, string>,
  files: readonly UploadFile[],
  after: Record<string, string> = {},
): MultipartBody {
  const boundary = `----tribune${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  const field = (name: string, value: string) =>
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [name, value] of Object.entries(fields)) field(name, value);
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? "file"}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? "image/jpeg"}\r\n\r\n`,
      ),
      file.data,
      Buffer.from("\r\n"),
    );
  }
  for (const [name, value] of Object.entries(after)) field(name, value);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface UploadOptions {
  fields?: Record<string, string>;
  after?: Record<string, string>;
  /** Where the CSRF token goes: the `_csrf` field (a form, the default), the header (fetch), nowhere. */
  csrf?: "field" | "header" | "none";
  url?: string;
}

/** POSTs files as `client`, as the upload form (or the picker's fetch) would. */
export function upload(
  client: NewsroomClient,
  files: readonly UploadFile[],
  options: UploadOptions = {},
): Promise<LightMyRequestResponse> {
  const csrf = options.csrf ?? "field";
  const fields = { ...(csrf === "field" ? { _csrf: client.csrfToken } : {}), ...options.fields };
  const body = multipartBody(fields, files, options.after);
  return client.inject({
    method: "POST",
    url: options.url ?? "/newsroom/media",
    headers: {
      "content-type": body.contentType,
      ...(csrf === "header" ? { "x-csrf-token": client.csrfToken } : {}),
    },
    payload: body.payload,
  });
}

export interface MediaSnapshot {
  files: string[];
  media: number[];
  texts: string[];
  variants: string[];
  audits: number;
}

/**
 * Every file in the media store (for the folder: every file and folder under it, staging areas
 * too) and every row an upload writes, to compare before and after.
 */
export async function mediaSnapshot(db: Db, store: MediaStore): Promise<MediaSnapshot> {
  const files = store instanceof DirectoryMediaStore ? await filesAndFolders(store.root) : [];
  if (!(store instanceof DirectoryMediaStore)) for await (const key of store.list()) files.push(key);
  files.sort();
  const [media, texts, variants, audits] = await Promise.all([
    db.selectFrom("media").select("id").orderBy("id").execute(),
    db
      .selectFrom("mediaTexts")
      .select(["mediaId", "edition"])
      .orderBy("mediaId")
      .orderBy("edition")
      .execute(),
    db.selectFrom("mediaVariants").select(["mediaId", "file"]).orderBy("file").execute(),
    db
      .selectFrom("auditLog")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("subjectType", "=", "media")
      .executeTakeFirstOrThrow(),
  ]);
  return {
    files,
    media: media.map((row) => row.id),
    texts: texts.map((row) => `${row.mediaId}:${row.edition}`),
    variants: variants.map((row) => row.file),
    audits: Number(audits.count),
  };
}

/** The text of the page's alerts (refusals), whitespace folded. */
export function alertText(html: string): string {
  const alerts = [...parsePage(html).querySelectorAll('[role="alert"]')];
  return alerts
    .map((alert) => alert.textContent ?? "")
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

async function filesAndFolders(mediaDir: string): Promise<string[]> {
  const entries = await readdir(mediaDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map(
      (entry) => `${relative(mediaDir, join(entry.parentPath, entry.name))}${entry.isDirectory() ? "/" : ""}`,
    );
}
