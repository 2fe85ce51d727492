import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

function hashed(file: string, name: string, extension: string) {
  const body = readFileSync(new URL(file, import.meta.url));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return { body, path: `/assets/${name}.${hash}.${extension}` };
}

/** The reader script: loads counts and threads into article pages; pages work without it. */
export const commentsScript = hashed("../assets/comments.js", "comments", "js");
/** The styles of threads and the comment form. */
export const commentsStylesheet = hashed("../assets/comments.css", "comments", "css");
/** The moderation queue's keyboard shortcuts and styles. */
export const moderationScript = hashed("../newsroom/assets/moderation.js", "moderation", "js");
export const moderationStylesheet = hashed("../newsroom/assets/moderation.css", "moderation", "css");

/** Serves the comment assets at hashed, immutable URLs. */
export function registerCommentAssets(app: FastifyInstance): void {
  for (const [asset, type] of [
    [commentsScript, "text/javascript; charset=utf-8"],
    [commentsStylesheet, "text/css; charset=utf-8"],
    [moderationScript, "text/javascript; charset=utf-8"],
    [moderationStylesheet, "text/css; charset=utf-8"],
  ] as const) {
    app.get(asset.path, async (_request, reply) =>
      reply.type(type).header("cache-control", "public, max-age=31536000, immutable").send(asset.body),
    );
  }
}
