import { hashedAsset } from "../../../http/hashed-asset.ts";

/** The reader script: loads counts and threads into article pages; pages work without it. */
export const commentsScript = hashedAsset(new URL("../assets/comments.js", import.meta.url), "comments");
/** The styles of threads and the comment form. */
export const commentsStylesheet = hashedAsset(new URL("../assets/comments.css", import.meta.url), "comments");
