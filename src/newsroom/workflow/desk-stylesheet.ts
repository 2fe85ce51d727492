import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

const stylesheet = readFileSync(new URL("./desk.css", import.meta.url));

/** The stylesheet of the workflow, revisions and translation desk pages (hashed: it never goes stale). */
export const deskStylesheetPath = `/newsroom/desk.${createHash("sha256").update(stylesheet).digest("hex").slice(0, 10)}.css`;

/** Serves desk.css inside the /newsroom scope (open to all: it says nothing). */
export function registerDeskStylesheet(scope: FastifyInstance): void {
  scope.get(
    deskStylesheetPath.slice("/newsroom".length),
    { config: { newsroomAccess: "public" } },
    async (_request, reply) => reply.type("text/css; charset=utf-8").send(stylesheet),
  );
}
