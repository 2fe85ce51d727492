import type Sharp from "sharp";

let loaded: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded the first time a picture is decoded or drawn: reader pages never need it, and
 * libvips costs every worker some 20 MB of memory from the moment it is imported. Its operation
 * cache is turned off: it keeps recent decodes and their pixels (up to 50 MB by default) for a
 * second use that never comes, since every upload is a new image.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loaded ??= import("sharp").then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}
