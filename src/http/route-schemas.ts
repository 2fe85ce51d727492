import type { FastifySchemaCompiler } from "fastify";
import { type TObject, type TOptional, type TSchema, type TString, Type } from "typebox";
import { Compile } from "typebox/compile";
import { compiledOnce } from "./schema-compilers.ts";

/**
 * Schema pieces every surface's routes use. A route declares what it reads: its path parameters, its
 * query (closed, so a parameter nobody reads is refused with a 400 rather than silently ignored) and
 * its body; src/http/route-schemas.test.ts walks the app's routes and fails on one that does not.
 */

/** The query of a route that reads none. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/**
 * The query of a route that answers the same whatever its query says (the newsroom's "no such page"
 * catch-all): declared open on purpose, so an unknown address is a 404 with or without a query.
 */
export const IgnoredQuery = Type.Object({}, { additionalProperties: true });

/** A row id as a URL spells it (1 to 2147483647 is checked by rowIdFrom: a larger one is a 404). */
export const RowIdText = Type.String({
  pattern: "^[1-9][0-9]{0,9}$",
  description: "A row id: digits, no sign, no leading zero.",
});

/** One text value of a query: a repeated parameter is refused (it would be an array). */
const QueryText = Type.String();

type OptionalTexts<Names extends string> = { [Name in Names]: TOptional<TString> };

/** A closed query whose parameters, all optional text, are `names`. */
export function QueryOf<const Names extends readonly string[]>(
  ...names: Names
): TObject<OptionalTexts<Names[number]>> {
  const properties = Object.fromEntries(names.map((name) => [name, Type.Optional(QueryText)]));
  return Type.Object(properties as OptionalTexts<Names[number]>, { additionalProperties: false });
}

type RowIds<Names extends string> = { [Name in Names]: typeof RowIdText };

/** Path parameters that are all row ids (`/articles/:id/pending/:pendingId`). */
export function IdParams<const Names extends readonly string[]>(
  ...names: Names
): TObject<RowIds<Names[number]>> {
  const properties = Object.fromEntries(names.map((name) => [name, RowIdText]));
  return Type.Object(properties as RowIds<Names[number]>, { additionalProperties: false });
}

/** A word of a path (an edition code, an action's name): the handler answers 404 to one it does not know. */
export const PathWord = Type.String({ pattern: "^[A-Za-z0-9_-]{1,100}$" });

/** Path parameters of any kind: `ParamsOf({ id: RowIdText, action: PathWord })`. */
export function ParamsOf<const Properties extends Record<string, TSchema>>(properties: Properties) {
  return Type.Object(properties, { additionalProperties: false });
}

/** The rest of the path a wildcard route (`/media/*`) matched. */
export const WildcardParams = Type.Object({ "*": Type.String() }, { additionalProperties: false });

/** TypeBox's compiler, each schema compiled once per process (see schema-compilers.ts). */
const compileOnce = compiledOnce("typebox", (route: { schema: TSchema; httpPart?: string | undefined }) =>
  Compile(route.schema),
);

/**
 * Checks a request against its route's TypeBox schema as it came, converting nothing: a JSON id sent
 * as "5", or a query parameter sent twice where one is read, is refused rather than guessed at.
 * (Path and query values are text, and their schemas say text.) A request without a body (a POST
 * that sends its CSRF token as a header) is read as an empty one. Errors are listed as Ajv lists them.
 */
export const exactValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const compiled = compileOnce({ schema, httpPart });
  return (received) => {
    const check = compiled();
    const value = httpPart === "body" && (received === null || received === undefined) ? {} : received;
    return check.Check(value) ? { value } : { error: [...check.Errors(value)] };
  };
};
