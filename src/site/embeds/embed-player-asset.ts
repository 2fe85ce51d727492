import { hashedAsset } from "../../http/hashed-asset.ts";

/** The click-to-load script: loaded only by pages that show an embed card; they work without it. */
export const embedPlayerScript = hashedAsset(
  new URL("./assets/embed-player.js", import.meta.url),
  "embed-player",
);
