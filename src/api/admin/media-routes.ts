import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Db } from "../../db/database.ts";
import { mediaUrl } from "../../media/media-storage.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { uploadOneImage } from "../../newsroom/media/media-api-routes.ts";
import { MediaLibraryService } from "../../newsroom/media/media-library-service.ts";
import { uploadHook } from "../../newsroom/media/multipart-upload.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { ADMIN_OPERATION } from "./admin-schemas.ts";
import { apiActor } from "./bearer-auth.ts";

export interface MediaRouteDeps {
  db: Db;
  mediaStore: MediaStore;
  maxBytes: number;
  editionCodes: readonly string[];
  events: ContentEvents | undefined;
}

/**
 * The upload's form as the OpenAPI document shows it. The route does not validate it: the body is
 * streamed, its fields checked as they arrive (multipart-upload.ts), so this schema is given to the
 * document only (the route's swaggerTransform), never to the validator.
 */
function uploadForm(editionCodes: readonly string[]) {
  const perEdition = editionCodes.flatMap((code) => [
    [`caption.${code}`, Type.Optional(Type.String({ description: `The caption in the ${code} edition.` }))],
    [
      `alt.${code}`,
      Type.Optional(Type.String({ description: `The text alternative in the ${code} edition.` })),
    ],
  ]);
  return Type.Object(
    {
      credit: Type.Optional(Type.String({ description: "Who made the picture (shown under it)." })),
      ...Object.fromEntries(perEdition),
      file: Type.String({
        format: "binary",
        contentMediaType: "image/*",
        description: "The image (JPEG, PNG, WebP…), after the text fields: it is checked by decoding it.",
      }),
    },
    { additionalProperties: false, description: "The text fields first, then one file." },
  );
}

/**
 * POST /api/v1/media: one image, through the media library's own upload (the role's check before a
 * byte is read, the file checked by decoding it, variants written, audited), in a scope of its own:
 * the only part of the API that accepts multipart bodies.
 */
export async function mediaRoutes(scope: ApiScope, deps: MediaRouteDeps): Promise<void> {
  const library = new MediaLibraryService({
    db: deps.db,
    mediaStore: deps.mediaStore,
    maxBytes: deps.maxBytes,
    editions: deps.editionCodes,
    events: deps.events,
  });
  const limits = { maxBytes: deps.maxBytes, maxFiles: 1 };
  const documentedBody = uploadForm(deps.editionCodes);
  await scope.register(async (plain) => {
    const uploads = plain as unknown as FastifyInstance;
    await uploads.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: deps.maxBytes },
    });
    (uploads as unknown as ApiScope).post(
      "/v1/media",
      {
        preValidation: uploadHook(limits, (request) => request.apiActor !== null),
        config: {
          swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: documentedBody }, url }),
        },
        schema: {
          ...ADMIN_OPERATION,
          operationId: "uploadMedia",
          summary: "Upload an image to the media library",
          description:
            "multipart/form-data: optional fields credit, caption.<edition>, alt.<edition>, then one file in `file` (JPEG, PNG, WebP…; checked by decoding it). 201 with the picture and its variants; 200 when the same image was already there.",
          consumes: ["multipart/form-data"],
          response: {
            200: Type.Ref("AdminMedia"),
            201: Type.Ref("AdminMedia"),
            ...problemResponses(400, 401, 403, 413, 415, 429),
          },
        },
      },
      async (request, reply) => {
        const result = await uploadOneImage(library, apiActor(request), request);
        const variants = await deps.db
          .selectFrom("mediaVariants")
          .select(["format", "width", "height", "file", "sizeBytes"])
          .where("mediaId", "=", result.item.id)
          .orderBy("format")
          .orderBy("width")
          .execute();
        const { thumbUrl: _thumb, ...item } = result.item;
        return reply.code(result.created ? 201 : 200).send({
          ...item,
          variants: variants.map(({ file, ...variant }) => ({ ...variant, url: mediaUrl(file) })),
        });
      },
    );
  });
}
