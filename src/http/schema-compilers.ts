import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

/**
 * Turning a route's schemas into a validator and a serializer is the slowest part of building the
 * app: about a second and a half for its several hundred routes. A process that builds the app more
 * than once (each test does, several times) compiles each distinct schema once: the compilers below
 * keep what they made, per set of shared schemas and options, keyed by the schema's text. A
 * validator or serializer depends on nothing else, so sharing one between apps changes no answer.
 */
type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;
type BuildValidator = NonNullable<CompilersFactory["buildValidator"]>;
type BuildSerializer = NonNullable<CompilersFactory["buildSerializer"]>;

const buildAjvValidator = AjvCompiler() as unknown as BuildValidator;
const buildStringifier = SerializerSelector() as unknown as BuildSerializer;

/** What was compiled, per shared-schemas-and-options key, per route part and schema text. */
const compiled = new Map<string, Map<string, unknown>>();

/** `compile`, remembering what it made for a route part's schema within `scope`. */
export function memoized<
  Route extends { schema?: unknown; httpPart?: string | undefined; httpStatus?: string | undefined },
  Made,
>(scope: string, compile: (route: Route) => Made): (route: Route) => Made {
  let made = compiled.get(scope);
  if (!made) {
    made = new Map();
    compiled.set(scope, made);
  }
  const cache = made;
  return (route) => {
    const key = `${route.httpPart ?? route.httpStatus ?? ""} ${JSON.stringify(route.schema)}`;
    const found = cache.get(key) as Made | undefined;
    if (found) return found;
    const fresh = compile(route);
    cache.set(key, fresh);
    return fresh;
  };
}

const scopeKey = (kind: string, externals: unknown, options: unknown) =>
  `${kind} ${JSON.stringify(externals)} ${JSON.stringify(options)}`;

/** Fastify's own compilers (Ajv, fast-json-stringify), each schema compiled once per process. */
export const sharedCompilersFactory: CompilersFactory = {
  buildValidator: (externals, options) =>
    memoized(scopeKey("validator", externals, options), buildAjvValidator(externals, options)),
  buildSerializer: (externals, options) =>
    memoized(scopeKey("serializer", externals, options), buildStringifier(externals, options)),
};
