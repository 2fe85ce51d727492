import { type TSchema, Type } from "typebox";

/** The error answers an operation documents besides its success (each a problem document). */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const described: Record<number, string> = {
    400: "The request is malformed or a field is not valid.",
    401: "No valid token was sent.",
    403: "The token's user may not do this.",
    404: "Nothing with that identifier is published.",
    409: "The change conflicts with what is stored.",
    412: "The resource changed since the version given in If-Match.",
    413: "The body is larger than this operation accepts.",
    415: "The body's media type is not one this operation accepts.",
    428: "This operation needs an If-Match header.",
    429: "Too many requests; wait as long as Retry-After says.",
    503: "The site is busy; try again after Retry-After.",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      Type.Ref("Problem", { description: described[status] ?? "An error." }),
    ]),
  );
}

/** An edition code as in the site's URLs: `en`, `pt`, `es`. */
export const EditionCode = Type.String({ pattern: "^[a-z]{2}(-[a-z]{2})?$", examples: ["en"] });

/**
 * What every content operation's schema starts with: its tag, and no security requirement (published
 * content is readable without a token; `security: []` says so to clients and linters).
 */
export const CONTENT_OPERATION: { tags: string[]; security: Record<string, string[]>[] } = {
  tags: ["content"],
  security: [],
};

/** The query of an operation that takes no parameters: any parameter is a mistake to report (400). */
export const NoQuery = Type.Object({}, { additionalProperties: false });
