import type Sharp from "sharp";

/**
 * sharp, loaded the first time a picture is decoded or drawn: reader pages never need it, and
 * libvips costs every worker some 20 MB of memory from the moment it is imported.
 */
export async function loadSharp(): Promise<typeof Sharp> {
  return (await import("sharp")).default;
}
