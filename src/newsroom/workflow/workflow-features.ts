import type { FastifyInstance } from "fastify";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import type { Mailer } from "../../mail/mailer.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { FooterDirectory } from "../../pages/footer-pages.ts";
import type { RelatedService } from "../../related/related-service.ts";
import type { SiteIdentity } from "../../settings/site-settings.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import type { ArchiveService } from "../../site/archive-service.ts";
import type { MenuSource } from "../../site/navigation/section-menus.ts";
import type { ReaderService } from "../../site/reader-service.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { registerPreviewRoutes } from "../preview/preview-routes.tsx";
import { registerRevisionRoutes } from "../revisions/revision-routes.tsx";
import { type EditorAssets, registerTranslationRoutes } from "../translations/translation-routes.tsx";
import { registerDeskStylesheet } from "./desk-stylesheet.ts";
import { registerWorkflowRoutes } from "./workflow-routes.tsx";

export interface EditorialDeskOptions {
  /** The app's ContentEvents: every publish, unpublish, delete and restore is announced there. */
  events: ContentEvents;
  editions: Editions;
  /** MEDIA_DIR: the translation page edits the hero picture's texts. */
  mediaStore: MediaStore;
  /** The reader site's data and links, for the preview. */
  reader: ReaderService;
  related: RelatedService;
  urls: SiteUrls;
  /** The site's name and logo in effect (the preview shows the reader layout). */
  identity: SiteIdentity;
  /** The reader header's section menus, as the preview shows them. */
  menus?: MenuSource | undefined;
  /** The pages the reader footer lists, as the preview shows them. */
  footer?: FooterDirectory | undefined;
  /** Thumbnails of "more on this", as the preview shows them. */
  archives: ArchiveService;
  /** The site's mailer: editors are told by e-mail when something waits for review (none: not told). */
  mailer?: Mailer | null;
  /** The site's origin, for the links in those e-mails. */
  publicUrl?: string;
  /** A review alert that could not be sent. */
  onMailError?: (error: unknown) => void;
  /** The article editor's browser assets, for the translation page's editable side. */
  editorAssets?: EditorAssets | undefined;
}

/**
 * The workflow (panel, moves, review queue), preview, revisions and translation desk, as one
 * feature of the /newsroom scope (pass it in registerNewsroom's `features`).
 */
export function registerEditorialDesk(options: EditorialDeskOptions) {
  const features = [
    registerWorkflowRoutes(options),
    registerPreviewRoutes(options),
    registerRevisionRoutes(options),
    registerTranslationRoutes(options),
  ];
  return (scope: FastifyInstance, context: NewsroomContext): void => {
    registerDeskStylesheet(scope);
    for (const register of features) register(scope, context);
  };
}
