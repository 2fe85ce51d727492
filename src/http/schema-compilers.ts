import { setImmediate as nextTurn } from "node:timers/promises";
import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

/**
 * Turning a route's schemas into a validator and a serializer is the slowest part of building the
 * app: about a second and a half for its several hundred routes, a quarter of a serving process's
 * start even once each is compiled only once. So each is compiled when first used, or before that
 * by `compileDeferredSchemas` while the process waits for requests. And a process that builds the
 * app more than once (each test does, several times) compiles each distinct schema once: the
 * compilers below keep what they made, per set of shared schemas and options, keyed by the
 * schema's text. A validator or serializer depends on nothing else, so sharing one between apps
 * changes no answer.
 */
type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;
type BuildValidator = NonNullable<CompilersFactory["buildValidator"]>;
type BuildSerializer = NonNullable<CompilersFactory["buildSerializer"]>;
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serialize = (data: unknown) => string;

const buildAjvValidator = AjvCompiler() as unknown as BuildValidator;
const buildStringifier = SerializerSelector() as unknown as BuildSerializer;

/** What is compiled or waits to be, per shared-schemas-and-options key, per route part and schema text. */
const compiled = new Map<string, Map<string, unknown>>();

/** Compilations put off, each made at most once (by first use or by `compileDeferredSchemas`). */
const deferredCompilations = new Set<() => unknown>();

/**
 * `compile`, put off and shared within `scope`: for each route part's schema (by its text) one
 * getter, which compiles on its first call (or in `compileDeferredSchemas`) and keeps the result.
 * Apps built again in one process get the same getters, so the waiting list holds each distinct
 * schema once.
 */
export function compiledOnce<
  Route extends { schema?: unknown; httpPart?: string | undefined; httpStatus?: string | undefined },
  Made,
>(scope: string, compile: (route: Route) => Made): (route: Route) => () => Made {
  let made = compiled.get(scope);
  if (!made) {
    made = new Map();
    compiled.set(scope, made);
  }
  const cache = made;
  return (route) => {
    const key = `${route.httpPart ?? route.httpStatus ?? ""} ${JSON.stringify(route.schema)}`;
    const found = cache.get(key) as (() => Made) | undefined;
    if (found) return found;
    const fresh = deferred(() => {
      try {
        return compile(route);
      } catch (error) {
        // Not kept: the next app built in this process puts the schema on the waiting list again.
        cache.delete(key);
        throw error;
      }
    });
    cache.set(key, fresh);
    return fresh;
  };
}

/** `compile()`'s result, made on the first call (or by `compileDeferredSchemas`), then kept. */
function deferred<Made>(compile: () => Made): () => Made {
  let made: { value: Made } | undefined;
  const get = () => {
    if (!made) {
      // Out of the waiting list even when it throws: the route's requests will say so, once each.
      deferredCompilations.delete(get);
      made = { value: compile() };
    }
    return made.value;
  };
  deferredCompilations.add(get);
  return get;
}

/**
 * Compiles every schema not compiled yet, one per turn of the event loop so that requests are
 * answered in between. A serving process calls it once it listens; tests call it to find a schema
 * that does not compile before a request would.
 */
export async function compileDeferredSchemas(): Promise<void> {
  for (const compile of deferredCompilations) {
    compile();
    await nextTurn();
  }
}

/**
 * An Ajv validator compiled on first use. Fastify hands Ajv's own functions (those with a
 * `schemaEnv`) the request as the value's parent, so that coercion can replace the value itself;
 * this one says it has one so as to be handed it, and reads its errors off the function it called.
 */
function deferredValidator(get: () => Validate): Validate {
  const validate: Validate = (data, context) => {
    const made = get();
    const valid = made.schemaEnv ? made(data, context) : made(data);
    validate.errors = made.errors;
    return valid;
  };
  validate.schemaEnv = true;
  return validate;
}

const scopeKey = (kind: string, externals: unknown, options: unknown) =>
  `${kind} ${JSON.stringify(externals)} ${JSON.stringify(options)}`;

/** Fastify's own compilers (Ajv, fast-json-stringify), each schema compiled once per process, when first needed. */
export const sharedCompilersFactory: CompilersFactory = {
  buildValidator: (externals, options) => {
    const compile = compiledOnce(
      scopeKey("validator", externals, options),
      buildAjvValidator(externals, options),
    );
    const build = (route: Parameters<typeof compile>[0]) =>
      deferredValidator(compile(route) as () => Validate);
    return build as unknown as ReturnType<BuildValidator>;
  },
  buildSerializer: (externals, options) => {
    const compile = compiledOnce(
      scopeKey("serializer", externals, options),
      buildStringifier(externals, options),
    );
    return (route) => {
      const get = compile(route) as () => Serialize;
      return (data: unknown) => get()(data);
    };
  },
};
