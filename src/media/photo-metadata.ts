import { open } from "node:fs/promises";
import exifr from "exifr";

/**
 * How much of a file on disk is read for its metadata: a JPEG's EXIF, XMP and IPTC segments come
 * before its picture, each at most 64 KB.
 */
const METADATA_BYTES = 1024 * 1024;

/**
 * The first METADATA_BYTES of the file. Given a path, exifr's own file reader found nothing on
 * Node 26 (the same file's bytes read fine), so it is handed bytes on every Node version.
 */
async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    // Exactly the bytes read, in a buffer of their own: exifr reads a slice's whole underlying
    // memory, and a block that lies about its length would then be filled from beyond the file.
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, METADATA_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === buffer.length ? buffer : Buffer.from(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * What an agency photo says about itself, to prefill the newsroom's form: its caption, its credit as
 * a newsroom writes it ("Jane Doe / Reuters") and the date it was taken, as the camera or agency
 * wrote it (no time zone is known: "2024-05-06" or "2024-05-06T09:30:00").
 */
export interface PhotoMetadata {
  caption: string | null;
  credit: string | null;
  takenAt: string | null;
}

export const NO_PHOTO_METADATA: PhotoMetadata = Object.freeze({ caption: null, credit: null, takenAt: null });

/** Longest text kept from a file (the library refuses longer captions; a credit is a line). */
const MAX = { caption: 2000, credit: 300 } as const;

/**
 * Reads the caption (IPTC Caption-Abstract, XMP dc:description, EXIF ImageDescription), the credit
 * (By-line / dc:creator / Artist, then Credit or else Source) and the date (DateTimeOriginal, IPTC or
 * XMP DateCreated). Never throws: a file without metadata, or with metadata exifr cannot read, gives
 * nothing, and the upload goes on without a prefill.
 */
export async function readPhotoMetadata(file: string | Buffer): Promise<PhotoMetadata> {
  let blocks: Record<string, unknown> | undefined;
  try {
    // Only the blocks that can hold these fields, each apart (XMP and IPTC both name a "Credit");
    // values kept as written (no Date built in the server's time zone from a zone-less camera clock).
    blocks = await exifr.parse(typeof file === "string" ? await headOf(file) : file, {
      tiff: true,
      ifd0: { pick: ["ImageDescription", "Artist"] },
      exif: { pick: ["DateTimeOriginal"] },
      gps: false,
      ifd1: false,
      interop: false,
      xmp: true,
      iptc: true,
      icc: false,
      jfif: false,
      ihdr: false,
      reviveValues: false,
      mergeOutput: false,
    });
  } catch {
    return NO_PHOTO_METADATA;
  }
  if (!blocks || typeof blocks !== "object") return NO_PHOTO_METADATA;
  const block = (name: string): Record<string, unknown> => {
    const found = blocks?.[name];
    return found && typeof found === "object" ? (found as Record<string, unknown>) : {};
  };
  const [xmpDc, xmpPhotoshop, iptc, ifd0, exif] = ["dc", "photoshop", "iptc", "ifd0", "exif"].map(block);
  // XMP first: it is UTF-8 by definition, where IPTC's character set is often not what it says.
  const caption = firstText([xmpDc?.description, iptc?.Caption, ifd0?.ImageDescription], MAX.caption);
  const byline = firstText([xmpDc?.creator, iptc?.Byline, ifd0?.Artist], MAX.credit);
  const agency =
    firstText([xmpPhotoshop?.Credit, iptc?.Credit], MAX.credit) ??
    firstText([xmpPhotoshop?.Source, iptc?.Source], MAX.credit);
  return {
    caption,
    credit: joinCredit(byline, agency),
    takenAt:
      photoDate(exif?.DateTimeOriginal) ??
      photoDate(xmpPhotoshop?.DateCreated) ??
      photoDate(combineIptcDate(iptc?.DateCreated, iptc?.TimeCreated)) ??
      photoDate(iptc?.DateCreated),
  };
}

/** "Jane Doe / Reuters"; one of them alone; the agency once when the by-line already names it. */
function joinCredit(byline: string | null, agency: string | null): string | null {
  if (byline && agency && !byline.toLowerCase().includes(agency.toLowerCase())) {
    return `${byline} / ${agency}`.slice(0, MAX.credit);
  }
  return byline ?? agency;
}

/** The first value holding text: a string, a list's first (dc:creator) or a language alternative. */
function firstText(values: readonly unknown[], max: number): string | null {
  for (const value of values) {
    const text = textOf(value);
    if (text) return text.slice(0, max);
  }
  return null;
}

function textOf(value: unknown): string | null {
  if (Array.isArray(value)) return value.map(textOf).find((text) => text !== null) ?? null;
  if (value && typeof value === "object" && "value" in value) return textOf(value.value);
  if (typeof value !== "string") return null;
  // Control characters (a NUL above all, which PostgreSQL refuses) become spaces, spaces fold.
  const text = [...asUtf8(value)]
    .map((char) => (isControl(char) ? " " : char))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? null : text;
}

/**
 * exifr reads IPTC text as Latin-1, but agencies write UTF-8 ("SÃ£o" for "São"): text whose bytes
 * are valid UTF-8 with multi-byte characters is read again as UTF-8. Real Latin-1 text is seldom
 * valid UTF-8, and is then left as it is.
 */
function asUtf8(text: string): string {
  const codes = [...text].map((char) => char.charCodeAt(0));
  if (codes.every((code) => code < 0x80) || codes.some((code) => code > 0xff)) return text;
  const decoded = Buffer.from(text, "latin1").toString("utf8");
  return decoded.includes("\ufffd") ? text : decoded;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code < 0xa0);
}

/** IPTC keeps the date (CCYYMMDD) and the time (HHMMSS±HHMM) apart. */
function combineIptcDate(date: unknown, time: unknown): string | undefined {
  if (typeof date !== "string" || typeof time !== "string") return undefined;
  return `${date} ${time}`;
}

/**
 * A date as written in EXIF ("2024:05:06 09:30:00"), XMP ("2024-05-06T09:30:00+02:00") or IPTC
 * ("20240506", "2024-05-06"), kept to the second without its zone; null when it is not a real date.
 */
function photoDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{4})[:-]?(\d{2})[:-]?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?)?/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const date = `${year}-${month}-${day}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date || year === "0000")
    return null;
  if (hour === undefined || minute === undefined) return date;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return date;
  return `${date}T${hour}:${minute}:${second ?? "00"}`;
}
