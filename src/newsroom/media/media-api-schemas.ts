import { Type } from "typebox";
import { jsonResponses } from "../http/newsroom-schemas.ts";

/** A picture of the library as the JSON API answers it (MediaItem in media-queries.ts). */
export const MediaItemSchema = Type.Object(
  {
    id: Type.Integer(),
    thumbUrl: Type.String({ description: "The smallest JPEG variant, at most 480 pixels wide." }),
    width: Type.Integer({ description: "Of the largest variant, upright." }),
    height: Type.Integer(),
    credit: Type.Union([Type.String(), Type.Null()], { description: "Shared by every edition." }),
    texts: Type.Record(
      Type.String(),
      Type.Object({
        caption: Type.Union([Type.String(), Type.Null()]),
        alt: Type.Union([Type.String(), Type.Null()]),
      }),
      { description: "Every edition's caption and alt text." },
    ),
    originalName: Type.String(),
    createdAt: Type.String({ description: "ISO 8601." }),
  },
  { additionalProperties: true },
);

export const MediaPageAnswer = jsonResponses({
  200: Type.Object({
    items: Type.Array(MediaItemSchema),
    next: Type.Union([Type.Integer(), Type.Null()], { description: "Pass as `before` for the next page." }),
  }),
});

export const MediaItemAnswer = jsonResponses({ 200: MediaItemSchema });

/** An upload answers the picture: 201 new, 200 when the same image was already in the library. */
export const UploadAnswer = jsonResponses({ 200: MediaItemSchema, 201: MediaItemSchema });
