import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Editions } from "../../editions/edition-service.ts";
import type { SiteUrls } from "../../editions/site-urls.ts";
import { languageName } from "../../shared/i18n/format.ts";
import { EditionCode, problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";

const EditionSchema = Type.Object(
  {
    code: EditionCode,
    name: Type.String({ description: "The language's name in itself: English, Português…" }),
    locale: Type.String({ description: "BCP 47, as in the pages' lang attribute: en-GB, pt-BR…" }),
    timeZone: Type.String({ description: "IANA time zone of the edition's dates: Europe/London…" }),
    default: Type.Boolean({ description: "The edition readers get when nothing says otherwise." }),
    url: Type.String({ description: "The edition's front page, absolute." }),
  },
  { $id: "Edition" },
);

const EditionList = Type.Object({ editions: Type.Array(Type.Ref("Edition")) });

/** GET /api/v1/editions: the site's editions, in the order the site lists them. */
export function editionRoutes(scope: ApiScope, deps: { editions: Editions; urls: SiteUrls }): void {
  (scope as FastifyInstance).addSchema(EditionSchema);
  scope.get(
    "/v1/editions",
    {
      schema: {
        operationId: "listEditions",
        summary: "List the site's editions",
        description: "Every edition (language) the site publishes in, with its front page's address.",
        tags: ["content"],
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: EditionList, ...problemResponses(503) },
      },
    },
    async () => ({
      editions: deps.editions.all.map((edition) => ({
        code: edition.code,
        name: languageName(edition.locale, edition.code),
        locale: edition.locale,
        timeZone: edition.timeZone,
        default: edition.code === deps.editions.default.code,
        url: deps.urls.absolute(edition, deps.urls.frontPath()),
      })),
    }),
  );
}
