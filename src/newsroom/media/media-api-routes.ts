import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
/**
 * The media library's JSON API, for the article editor's picture picker. Signed-in newsroom users
 * only (the session cookie); every POST carries the CSRF token in the `x-csrf-token` header (the
 * page's `<meta name="csrf-token">`). Errors answer `{ error: CODE, message, ...details }` with a
 * 4xx status and a message meant for the user: 401 not signed in, 403 role or token, 404, 400 a
 * bad file or field, 413 too large.
 *
 *   GET /newsroom/api/media?q=&before=&limit=
 *     → 200 { items: MediaItem[], next: number | null }
 *     Newest first. `q`: words found in the file name, credit, captions or alt texts of any
 *     edition (case and accents ignored: "acao" finds "Ação"); `before`: the `next` of the previous
 *     page; `limit`: 1–60, default 24. Any other `before` or `limit` is a 400 naming it.
 *
 *   GET /newsroom/api/media/:id
 *     → 200 MediaItem (an id beyond 1–2147483647 is a 400 naming `id`)
 *
 *   POST /newsroom/api/media   (multipart/form-data; contributors, editors and admins)
 *     fields, all optional and all BEFORE the file: credit, caption.<edition>, alt.<edition>
 *     then exactly one file, in the field `file`; a NUL in a field or the file's name is a 400
 *     → 201 MediaItem (200 when the same image, bytes and name, was already in the library)
 *     The file is checked by decoding it, not by its name or type; at most MEDIA_MAX_MB.
 *
 *   MediaItem = {
 *     id: number,
 *     thumbUrl: string,            // smallest JPEG variant, ≤ 480 px wide, e.g. "/media/ab/ab12…-480.jpg"
 *     width: number, height: number, // of the largest variant (upright)
 *     credit: string | null,       // shared by every edition
 *     texts: { en: { caption: string | null, alt: string | null }, pt: {…}, es: {…} },  // every edition
 *     originalName: string,
 *     createdAt: string            // ISO 8601
 *   }
 *
 * A figure in an article body refers to the picture as `{ type: "figure", attrs: { mediaId: id } }`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { MediaItemAnswer, MediaPageAnswer, UploadAnswer } from "./media-api-schemas.ts";
import { OneFileOnlyError } from "./media-errors.ts";
import { textsFromFields } from "./media-form.ts";
import type { LibraryUpload, MediaLibraryService, UploadResult } from "./media-library-service.ts";
import { pageLimit, pictureId, queryId } from "./media-params.ts";
import { type UploadLimits, uploadHook, uploadOf } from "./multipart-upload.ts";

export function registerMediaApiRoutes(
  plainScope: FastifyInstance,
  library: MediaLibraryService,
  limits: UploadLimits,
): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  scope.get(
    "/api/media",
    { schema: { querystring: QueryOf("q", "before", "limit"), response: MediaPageAnswer } },
    async (request) => {
      const { q, before, limit } = request.query;
      return library.search({
        q: typeof q === "string" ? q : undefined,
        before: queryId("before", before),
        limit: pageLimit(limit),
      });
    },
  );

  scope.get(
    "/api/media/:id",
    { schema: { params: IdParams("id"), querystring: NoQuery, response: MediaItemAnswer } },
    async (request) => {
      const id = pictureId(request.params.id);
      if (id === undefined) throw new NotFoundError("picture", request.params.id.slice(0, 20));
      return library.item(id);
    },
  );

  scope.post(
    "/api/media",
    {
      // The body is multipart, streamed: its fields are checked as they arrive (multipart-upload.ts).
      schema: { querystring: NoQuery, response: UploadAnswer },
      preValidation: uploadHook({ ...limits, maxFiles: 1 }),
    },
    async (request, reply) => {
      const result = await uploadOneImage(library, currentUser(request), request);
      return reply.code(result.created ? 201 : 200).send(result.item);
    },
  );
}

/**
 * Stores the one image of a multipart upload (started by uploadHook with maxFiles: 1) for `me`:
 * the newsroom's picker and the admin API (POST /api/v1/media) both upload through this.
 */
export async function uploadOneImage(
  library: MediaLibraryService,
  me: Actor,
  request: FastifyRequest,
): Promise<UploadResult> {
  // Refused before a byte of the file is read.
  library.assertMayUpload(me);
  const upload = uploadOf(request);
  let batch: LibraryUpload | undefined;
  let result: UploadResult | undefined;
  try {
    batch = await library.startUpload(me, { ip: request.ip });
    const staging = batch;
    const destination = () => staging.newFilePath();
    const file = await upload.nextFile(destination);
    if (!file || (await upload.nextFile(destination))) throw new OneFileOnlyError();
    const { credit, texts } = textsFromFields(upload.fields, library.editions);
    await batch.add({ ...file, credit: credit ?? null, texts });
    [result] = await batch.commit();
  } finally {
    await upload.drain();
    await batch?.discard();
  }
  // Answered once the staging area is gone: a client that has its answer finds nothing left over.
  if (!result) throw new Error("the upload's one image was not committed");
  return result;
}
