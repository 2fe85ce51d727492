import { hashedAsset } from "../../http/hashed-asset.ts";

/** The live page's script: follows the event stream; the page shows every update without it. */
export const liveScript = hashedAsset(new URL("./assets/live.js", import.meta.url), "live");
