import type { Metadata } from "sharp";

/**
 * Memory one image decode may take beyond the worker's own. A worker idles at ~125 MB with sharp
 * loaded and must stay under 300 MB (README, Performance), its page cache included; decodes run one
 * at a time (decode-queue.ts).
 */
export const DECODE_BUDGET_BYTES = 96 * 2 ** 20;

/** No image larger than this, whatever its format: far beyond what a web page shows. */
export const MAX_PIXELS = 40_000_000;

const SAMPLE_BYTES: Record<string, number> = {
  uchar: 1,
  char: 1,
  ushort: 2,
  short: 2,
  uint: 4,
  int: 4,
  float: 4,
  complex: 8,
  double: 8,
  dpcomplex: 16,
};

/** The most pixels an image may have, and how to name its kind in a message. */
export interface PixelLimit {
  maxPixels: number;
  /** "a progressive JPEG", "an AVIF"…; undefined when only MAX_PIXELS limits it. */
  kind: string | undefined;
  /** What to do about it, for the message. */
  advice: string;
}

const REDUCE = "reduce it, or export it as a baseline JPEG, and try again";

/**
 * How many pixels this image may have for its decode to fit DECODE_BUDGET_BYTES, from its header.
 * Decoders differ by a factor of twenty: a baseline JPEG or a PNG is read a few lines at a time,
 * while a progressive JPEG keeps every coefficient, an interlaced PNG, a WebP, a GIF or a TIFF
 * (strips and tiles as large as the file says) the whole image, and libheif several copies of it.
 */
export function pixelLimit(metadata: Metadata, format: string): PixelLimit {
  const { bytesPerPixel, kind, advice = REDUCE } = decodeCost(metadata, format);
  const affordable = Math.floor(DECODE_BUDGET_BYTES / bytesPerPixel);
  return affordable >= MAX_PIXELS
    ? { maxPixels: MAX_PIXELS, kind: undefined, advice: "reduce it and try again" }
    : { maxPixels: affordable, kind, advice };
}

/**
 * Peak memory per pixel of decoding the image and reducing it to 1600 pixels wide, as a worker's RSS
 * shows it (bench/media-memory.ts, sharp 0.34.5, libvips 8.17, 16 uploads at once), rounded up:
 * 8-bit PNG 1.7, progressive 4:4:4 JPEG 9.2, interlaced 16-bit RGBA PNG 12.6, GIF 7.6, RGBA TIFF in
 * 4096-pixel tiles 12.4 (tiles are decoded a row at a time, however wide the file makes them), RGBA
 * AVIF 26.7; in one process alone: baseline JPEG 0.6, lossless RGBA WebP 4.0, AVIF RGB 19.
 */
function decodeCost(
  metadata: Metadata,
  format: string,
): { bytesPerPixel: number; kind: string; advice?: string } {
  const sample = SAMPLE_BYTES[metadata.depth ?? ""] ?? 4;
  // One decoded pixel; libvips works on 8-bit sRGB from there.
  const pixel = Math.max(1, metadata.channels ?? 4) * sample;
  switch (format) {
    case "jpeg":
      // A baseline JPEG is read a few lines at a time; a progressive one keeps every coefficient.
      return metadata.isProgressive
        ? {
            bytesPerPixel: 2.5 * jpegSamplesPerPixel(metadata) + 2,
            kind: "a progressive JPEG",
            advice: "reduce it, or save it as a baseline (not progressive) JPEG, and try again",
          }
        : { bytesPerPixel: 1, kind: "a JPEG" };
    case "png":
      // Interlaced (Adam7) pixels arrive in seven passes over the whole image, which is kept.
      return metadata.isProgressive
        ? {
            bytesPerPixel: 1.25 * pixel + 2.6,
            kind: "an interlaced PNG",
            advice: "reduce it, or save it without interlacing, and try again",
          }
        : { bytesPerPixel: pixel / 2 + 0.5, kind: sample > 1 ? "a 16-bit PNG" : "a PNG" };
    case "webp":
      return { bytesPerPixel: pixel + 1, kind: "a WebP" };
    case "gif":
      return { bytesPerPixel: 8, kind: "a GIF" };
    case "tiff":
      return { bytesPerPixel: 4 * pixel, kind: "a TIFF" };
    case "avif":
      return { bytesPerPixel: 6.5 * pixel + 2, kind: "an AVIF" };
    default:
      return { bytesPerPixel: 4 * pixel, kind: "an image of this kind" };
  }
}

/** The 16-bit coefficients libjpeg keeps per pixel: luma, subsampled chroma, and K in CMYK. */
function jpegSamplesPerPixel(metadata: Metadata): number {
  const [j = 0, a = 0, b = 0, k] = (metadata.chromaSubsampling ?? "").split(":").map(Number);
  if (!j) return Math.max(1, metadata.channels ?? 3);
  return 1 + (2 * (a + b)) / (2 * j) + (k ? 1 : 0);
}
