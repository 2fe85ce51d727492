import { ValidationError } from "../shared/errors.ts";
import { loadSharp } from "./sharp.ts";

const MAX_PIXELS = 40_000_000;
const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
const QUALITY = 78;

/** Formats we accept, by sharp's name for them; SVG and the rest are refused (SVG can carry script). */
const FORMATS = ["jpeg", "png", "webp", "gif", "avif", "tiff"];

export const DECODING_MESSAGES = {
  unreadable:
    "this file is not an image we can read (JPEG, PNG, WebP, GIF, AVIF, TIFF); export it as JPEG and try again",
  tooManyPixels: (width: number, height: number) =>
    `the image is ${width}×${height} pixels, more than ${MAX_PIXELS / 1_000_000} megapixels; reduce it and try again`,
};

/** What an image's header says, once it is known to be one we accept. */
export interface ImageFacts {
  mimeType: string;
  extension: string;
  /** Upright (after the EXIF orientation). */
  width: number;
  height: number;
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

/** Reads the header: the format must be one we accept and the size within bounds. */
export async function inspectImage(path: string): Promise<ImageFacts> {
  const sharp = await loadSharp();
  const metadata = await sharp(path, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  // sharp reports AVIF as HEIF compressed with AV1; other HEIF (HEIC) is not on our list.
  const name = metadata?.format === "heif" && metadata.compression === "av1" ? "avif" : metadata?.format;
  if (!metadata || !name || !FORMATS.includes(name) || !metadata.width) {
    throw new ValidationError("file", DECODING_MESSAGES.unreadable);
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > MAX_PIXELS) {
    throw new ValidationError("file", DECODING_MESSAGES.tooManyPixels(width, height));
  }
  return { mimeType: `image/${name}`, extension: name === "jpeg" ? "jpg" : name, width, height };
}

/**
 * Decodes the whole image (a damaged file fails here), upright and without metadata, and writes it
 * at each width as WebP and JPEG to the paths `pathFor` gives.
 */
export async function renderVariants(
  source: string,
  stem: string,
  facts: ImageFacts,
  pathFor: (extension: string) => string,
): Promise<RenderedVariant[]> {
  const sharp = await loadSharp();
  // "truncated", not "warning": a cut-off upload is refused, the small oddities cameras write are not.
  const upright = sharp(source, { limitInputPixels: MAX_PIXELS, failOn: "truncated" }).autoOrient();
  const jobs = variantWidths(facts.width).flatMap((width) =>
    (["webp", "jpeg"] as const).map(async (format): Promise<RenderedVariant> => {
      const resized = upright.clone().resize({ width });
      const encoded =
        format === "webp"
          ? resized.webp({ quality: QUALITY })
          : resized.flatten({ background: "#ffffff" }).jpeg({ quality: QUALITY, mozjpeg: true });
      const extension = format === "webp" ? "webp" : "jpg";
      const path = pathFor(extension);
      const info = await encoded.toFile(path);
      return {
        format,
        width: info.width,
        height: info.height,
        sizeBytes: info.size,
        file: `${stem}-${width}.${extension}`,
        path,
      };
    }),
  );
  // Every job settled before answering: none may still be writing once the staging area is removed.
  const results = await Promise.allSettled(jobs);
  const variants = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  if (variants.length < results.length) throw new ValidationError("file", DECODING_MESSAGES.unreadable);
  return variants;
}
