import type { FastifyInstance } from "fastify";
import { hashedAsset, serveHashedAssets } from "../../http/hashed-asset.ts";

/** The stylesheet of the workflow, revisions and translation desk pages (hashed: it never goes stale). */
const deskStylesheet = hashedAsset(new URL("./desk.css", import.meta.url), "desk", "/newsroom");
export const deskStylesheetPath = deskStylesheet.path;

/** Serves desk.css inside the /newsroom scope (open to all: it says nothing). */
export function registerDeskStylesheet(scope: FastifyInstance): void {
  serveHashedAssets(scope, [deskStylesheet], {
    scopePrefix: "/newsroom",
    routeOptions: { config: { newsroomAccess: "public" } },
  });
}
