import { ValidationError } from "../shared/errors.ts";
import { MAX_PIXELS, type PixelLimit, pixelLimit } from "./decode-budget.ts";
import { decodeQueue } from "./decode-queue.ts";
import { loadSharp } from "./sharp.ts";

const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
const QUALITY = 78;

/** Formats we accept, by sharp's name for them; SVG and the rest are refused (SVG can carry script). */
const FORMATS = ["jpeg", "png", "webp", "gif", "avif", "tiff"];

const MESSAGES = {
  unreadable:
    "this file is not an image we can read (JPEG, PNG, WebP, GIF, AVIF, TIFF); export it as JPEG and try again",
  tooManyPixels: (width: number, height: number, limit: PixelLimit) =>
    limit.kind === undefined
      ? `the image is ${width}×${height} pixels, more than ${MAX_PIXELS / 1_000_000} megapixels; reduce it and try again`
      : `the image is ${width}×${height} pixels, more than the ${megapixels(limit.maxPixels)} megapixels ${limit.kind} may have here; ${limit.advice}`,
};

/** What an image's header says, once it is known to be one we accept. */
export interface ImageFacts {
  mimeType: string;
  extension: string;
  /** Upright (after the EXIF orientation). */
  width: number;
  height: number;
  /** The most pixels its decoder may see (decode-budget.ts). */
  maxPixels: number;
}

/** One resized copy written by renderVariants. */
export interface RenderedVariant {
  format: "webp" | "jpeg";
  width: number;
  height: number;
  sizeBytes: number;
  /** Its name under the variants folder. */
  file: string;
  /** Where it was written (in the import's staging area). */
  path: string;
}

/** The widths we keep: the standard ones below the original's, plus the original's when under 1600. */
export function variantWidths(originalWidth: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((width) => width < originalWidth);
  if (originalWidth <= 1600) widths.push(originalWidth);
  return widths;
}

/**
 * Reads the header: the format must be one we accept, and the size within what its decoder can
 * take in the memory a decode may use (decode-budget.ts), before a pixel is decoded.
 */
export async function inspectImage(path: string): Promise<ImageFacts> {
  const sharp = await loadSharp();
  const metadata = await sharp(path, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  // sharp reports AVIF as HEIF compressed with AV1; other HEIF (HEIC) is not on our list.
  const name = metadata?.format === "heif" && metadata.compression === "av1" ? "avif" : metadata?.format;
  if (!metadata || !name || !FORMATS.includes(name) || !metadata.width) {
    throw new ValidationError("file", MESSAGES.unreadable);
  }
  const { width, height } = metadata.autoOrient;
  const limit = pixelLimit(metadata, name);
  if (width * height > limit.maxPixels) {
    throw new ValidationError("file", MESSAGES.tooManyPixels(width, height, limit));
  }
  const extension = name === "jpeg" ? "jpg" : name;
  return { mimeType: `image/${name}`, extension, width, height, maxPixels: limit.maxPixels };
}

/**
 * Decodes the whole image once (a damaged file fails here), upright and without metadata, to the
 * largest variant's width, then writes each width as WebP and JPEG to the paths `pathFor` gives.
 * Waits its turn in the process's decode queue: at most one image is decoded at a time.
 */
export function renderVariants(
  source: string,
  stem: string,
  facts: ImageFacts,
  pathFor: (extension: string) => string,
): Promise<RenderedVariant[]> {
  return decodeQueue.run(async () => {
    const sharp = await loadSharp();
    const widths = variantWidths(facts.width);
    const largest = Math.max(...widths);
    // One decode, read in order (the decoders that can stream do), reduced at once to at most
    // 1600 pixels wide: the smaller variants are made from that, never from the original again.
    // "truncated", not "warning": a cut-off upload is refused, the small oddities cameras write are not.
    const decoded = await sharp(source, {
      limitInputPixels: facts.maxPixels,
      failOn: "truncated",
      sequentialRead: true,
    })
      .autoOrient()
      .resize({ width: largest })
      .raw()
      .toBuffer({ resolveWithObject: true })
      .catch(() => {
        throw new ValidationError("file", MESSAGES.unreadable);
      });
    const { width, height, channels } = decoded.info;
    const variants: RenderedVariant[] = [];
    for (const variantWidth of widths) {
      for (const format of ["webp", "jpeg"] as const) {
        const resized = sharp(decoded.data, { raw: { width, height, channels } }).resize({
          width: variantWidth,
        });
        const encoded =
          format === "webp"
            ? resized.webp({ quality: QUALITY })
            : resized.flatten({ background: "#ffffff" }).jpeg({ quality: QUALITY, mozjpeg: true });
        const extension = format === "webp" ? "webp" : "jpg";
        const path = pathFor(extension);
        const info = await encoded.toFile(path);
        variants.push({
          format,
          width: info.width,
          height: info.height,
          sizeBytes: info.size,
          file: `${stem}-${variantWidth}.${extension}`,
          path,
        });
      }
    }
    return variants;
  });
}

function megapixels(pixels: number): string {
  return (Math.floor(pixels / 100_000) / 10).toFixed(1);
}
