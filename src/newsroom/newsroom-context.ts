import type { Db } from "../db/database.ts";
import type { NewsroomPages } from "./newsroom-pages.tsx";
import type { NewsroomServices } from "./newsroom-services.ts";

/** What newsroom routes share: hand it to a feature's register function inside the /newsroom scope. */
export interface NewsroomContext {
  db: Db;
  services: NewsroomServices;
  pages: NewsroomPages;
  /** The site's origin, for absolute links (invitations). */
  publicUrl: string;
  /** The site's edition codes, in order. */
  editionCodes: readonly string[];
}
