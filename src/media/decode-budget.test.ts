import assert from "node:assert/strict";
import { test } from "node:test";
import sharp, { type Sharp } from "sharp";
import { MAX_PIXELS, pixelLimit } from "./decode-budget.ts";

/** The limit for a small image written by `encode`, as its header describes it. */
async function limitOf(encode: (image: Sharp) => Sharp, channels: 3 | 4 = 3) {
  const image = sharp({ create: { width: 64, height: 48, channels, background: "#36c" } });
  const metadata = await sharp(await encode(image).toBuffer()).metadata();
  const format = metadata.format === "heif" ? "avif" : (metadata.format ?? "");
  return pixelLimit(metadata, format);
}

test("a baseline JPEG and an 8-bit PNG, read a few lines at a time, may have the full 40 megapixels", async () => {
  for (const encode of [(i: Sharp) => i.jpeg(), (i: Sharp) => i.png()]) {
    assert.deepEqual(await limitOf(encode), {
      maxPixels: MAX_PIXELS,
      kind: undefined,
      advice: "reduce it and try again",
    });
  }
});

test("decoders that hold the whole image get fewer pixels, the costliest the fewest", async () => {
  const progressive420 = await limitOf((i) => i.jpeg({ progressive: true, chromaSubsampling: "4:2:0" }));
  const progressive444 = await limitOf((i) => i.jpeg({ progressive: true, chromaSubsampling: "4:4:4" }));
  const interlaced = await limitOf((i) => i.png({ progressive: true }));
  const interlaced16 = await limitOf((i) => i.toColourspace("rgb16").png({ progressive: true }), 4);
  const avif = await limitOf((i) => i.avif({ effort: 0 }));
  const avifAlpha = await limitOf((i) => i.avif({ effort: 0 }), 4);

  assert.equal(progressive444.kind, "a progressive JPEG");
  assert.match(progressive444.advice, /baseline \(not progressive\) JPEG/);
  assert.ok(progressive444.maxPixels < progressive420.maxPixels);
  assert.ok(progressive420.maxPixels < MAX_PIXELS);
  assert.equal(interlaced.kind, "an interlaced PNG");
  assert.ok(interlaced16.maxPixels < interlaced.maxPixels);
  assert.equal(avif.kind, "an AVIF");
  assert.ok(avifAlpha.maxPixels < avif.maxPixels);
  assert.ok(avif.maxPixels < progressive444.maxPixels);
});
