import { hashedAsset } from "../../http/hashed-asset.ts";

/** The moderation queue's keyboard shortcuts and styles. */
export const moderationScript = hashedAsset(new URL("./assets/moderation.js", import.meta.url), "moderation");
export const moderationStylesheet = hashedAsset(
  new URL("./assets/moderation.css", import.meta.url),
  "moderation",
);
