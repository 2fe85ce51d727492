import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { can } from "../../accounts/authorization/policy.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { ForbiddenError, NotFoundError, TribuneError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { FileRefusedError, FileTooLargeError, NoFileError } from "./media-errors.ts";
import { textsFromFields } from "./media-form.ts";
import type { LibraryUpload, MediaLibraryService, UploadResult } from "./media-library-service.ts";
import { pictureId, queryId } from "./media-params.ts";
import { type UploadLimits, uploadHook, uploadOf } from "./multipart-upload.ts";
import { MediaDetailPage, type MediaDetailPageProps } from "./views/media-detail-page.tsx";
import {
  MediaLibraryPage,
  type MediaLibraryPageProps,
  type UploadOutcome,
} from "./views/media-library-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  uploaded: "Uploaded. Write its caption and alt text in each edition below.",
  exists: "This picture was already in the library (the same file under the same name): here it is.",
  "uploaded-many": "The pictures have been uploaded; they are first in the library below.",
  saved: "The texts have been saved.",
  unchanged: "Nothing had changed, so nothing was saved.",
};

const FIELD_LABELS: Record<string, string> = { credit: "Credit", caption: "Caption", alt: "Alt text" };

export interface MediaPageDeps {
  library: MediaLibraryService;
  limits: UploadLimits;
  stylesheet: string;
}

type LibraryExtra = Pick<MediaLibraryPageProps, "notice" | "error" | "outcome" | "credit">;
type DetailExtra = Pick<MediaDetailPageProps, "notice" | "error" | "form">;

/** The library's search, which an upload keeps (to show the page it came from). */
const UploadQuery = QueryOf("q", "before");

/**
 * The library's pages: /newsroom/media (upload, search, grid) and /newsroom/media/:id (preview,
 * texts per edition, variants, uses). Refused uploads and edits render the form again with the
 * message and a 4xx status; the service checks roles and audits.
 */
export function registerMediaPageRoutes(
  plainScope: FastifyInstance,
  context: NewsroomContext,
  deps: MediaPageDeps,
): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { library, limits } = deps;
  const { pages } = context;
  const pageOptions = { current: "media" as const, stylesheets: [deps.stylesheet] };

  const renderLibrary = async (
    request: FastifyRequest,
    query: Static<typeof UploadQuery>,
    reply: FastifyReply,
    status: number,
    extra: LibraryExtra = {},
  ) => {
    const me = currentUser(request);
    const q = query.q?.slice(0, 200) ?? "";
    const before = queryId("before", query.before);
    const page = await library.search({ q, before });
    return pages.render(
      request,
      reply,
      { title: "Media library", status, ...pageOptions },
      <MediaLibraryPage
        csrf={csrfToken(request)}
        editions={library.editions}
        items={page.items}
        q={q}
        before={before}
        next={page.next}
        canUpload={can(me, "media.upload")}
        maxMb={Math.round(limits.maxBytes / 2 ** 20)}
        maxFiles={limits.maxFiles}
        {...extra}
      />,
    );
  };

  const renderDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    mediaId: number,
    status: number,
    extra: DetailExtra = {},
  ) => {
    const { usage, permissions, ...details } = await library.details(currentUser(request), mediaId);
    return pages.render(
      request,
      reply,
      { title: details.item.originalName, status, ...pageOptions },
      <MediaDetailPage
        csrf={csrfToken(request)}
        editions={library.editions}
        details={details}
        usage={usage}
        permissions={permissions}
        {...extra}
      />,
    );
  };

  scope.get("/media", { schema: { querystring: QueryOf("q", "before", "done") } }, async (request, reply) =>
    renderLibrary(request, request.query, reply, 200, { notice: DONE[request.query.done ?? ""] ?? null }),
  );

  scope.post(
    "/media",
    // The body is multipart, streamed: its fields are checked as they arrive (multipart-upload.ts).
    { schema: { querystring: UploadQuery }, preValidation: uploadHook(limits) },
    async (request, reply) => {
      const me = currentUser(request);
      // Refused before a byte of any file is read.
      library.assertMayUpload(me);
      const upload = uploadOf(request);
      const outcome: UploadOutcome = { refused: [] };
      let statusOfRefusals = 400;
      let failure: TribuneError | undefined;
      let results: UploadResult[] = [];
      let batch: LibraryUpload | undefined;
      try {
        // The form's own fields are checked first (a NUL is refused here), before any file.
        const { credit } = textsFromFields(upload.fields, []);
        batch = await library.startUpload(me, { ip: request.ip });
        const staging = batch;
        // Every file is checked, so that one answer names all those refused; then all or none is kept.
        const destination = () => staging.newFilePath();
        for (let file = await upload.nextFile(destination); file; file = await upload.nextFile(destination)) {
          // A file input left empty still sends a nameless, empty part.
          if (file.fileName === "" && file.size === 0 && !file.tooLarge) continue;
          try {
            await batch.add({ ...file, credit });
          } catch (error) {
            if (!(error instanceof FileRefusedError || error instanceof FileTooLargeError)) throw error;
            outcome.refused.push({ name: file.fileName, message: error.message });
            statusOfRefusals = Math.max(statusOfRefusals, error.status);
          }
        }
        if (outcome.refused.length === 0) results = await batch.commit();
      } catch (error) {
        if (!(error instanceof TribuneError) || error.status >= 500 || error instanceof ForbiddenError)
          throw error;
        failure = error;
      } finally {
        await upload.drain();
        await batch?.discard();
      }
      // The credit as typed, for the form again (a NUL shown as the replacement character).
      const kept = { outcome, credit: (upload.fields.credit ?? "").replaceAll("\u0000", "\ufffd") };
      if (failure) {
        const error = `${describe(failure).replace(/(?<![.!?])$/, ".")} Nothing was uploaded.`;
        return renderLibrary(request, request.query, reply, failure.status, { ...kept, error });
      }
      if (outcome.refused.length > 0)
        return renderLibrary(request, request.query, reply, statusOfRefusals, kept);
      const [only, ...others] = results;
      if (!only)
        return renderLibrary(request, request.query, reply, 400, {
          ...kept,
          error: new NoFileError().message,
        });
      if (others.length > 0) return reply.redirect("/newsroom/media?done=uploaded-many", 303);
      const done = only.created ? "uploaded" : "exists";
      return reply.redirect(`/newsroom/media/${only.item.id}?done=${done}`, 303);
    },
  );

  scope.get(
    "/media/:id",
    { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
    async (request, reply) => {
      const id = pictureId(request.params.id);
      if (id === undefined) throw new NotFoundError("picture", request.params.id.slice(0, 20));
      return renderDetail(request, reply, id, 200, { notice: DONE[request.query.done ?? ""] ?? null });
    },
  );

  scope.post(
    "/media/:id",
    { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const id = pictureId(request.params.id);
      if (id === undefined) throw new NotFoundError("picture", request.params.id.slice(0, 20));
      const form = textsFromFields(request.body, library.editions);
      try {
        const changed = await library.edit(currentUser(request), id, form, { ip: request.ip });
        const done = changed.credit || changed.editions.length > 0 ? "saved" : "unchanged";
        return reply.redirect(`/newsroom/media/${id}?done=${done}`, 303);
      } catch (error) {
        if (error instanceof ValidationError || error instanceof ForbiddenError) {
          return renderDetail(request, reply, id, error.status, { error: describe(error), form });
        }
        throw error;
      }
    },
  );
}

/** A refusal as the page shows it: "Credit: keep it under 300 characters", "Caption (pt): …". */
function describe(error: TribuneError): string {
  const field = String(error.details.field ?? "");
  const [name = "", edition] = field.split(".");
  const label = FIELD_LABELS[name];
  if (!(error instanceof ValidationError) || !label) return error.message;
  return `${label}${edition ? ` (${edition})` : ""}${error.message.slice(field.length)}`;
}
