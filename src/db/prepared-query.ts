import type { Compilable, CompiledQuery } from "kysely";
import type { Db } from "./database.ts";
import { dialectAdapterOf } from "./dialect-of.ts";

const MARKER = "\u0000tribune-parameter:";

type Argument = string | number | readonly (string | number)[];

interface Shape {
  compiled: CompiledQuery<unknown>;
  /** For each parameter of the compiled query: which argument (and element) fills it, or null. */
  slots: ([number, number] | null)[];
}

/**
 * A query built and compiled once per dialect and shape (the lengths of its list arguments), then
 * run with new values. Kysely builds, snake-cases and compiles every query anew, which on the
 * hottest reader statements cost more than SQLite running them. `build` must only hand its
 * arguments to the query as values (never compute with them): on the first call it receives
 * markers, which the compiled parameters are then mapped back from.
 */
export function preparedQuery<A extends Argument[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<R[]> {
  const shapes = new Map<string, Shape>();
  return async (db, ...args) => {
    const key = `${dialectAdapterOf(db).name}|${args.map((a) => (Array.isArray(a) ? a.length : "")).join(",")}`;
    let shape = shapes.get(key);
    if (!shape) {
      const markers = args.map((arg, i) =>
        Array.isArray(arg) ? arg.map((_, j) => `${MARKER}${i}.${j}`) : `${MARKER}${i}.-1`,
      ) as A;
      const compiled = build(db, ...markers).compile();
      const slots = compiled.parameters.map((parameter): [number, number] | null => {
        if (typeof parameter !== "string" || !parameter.startsWith(MARKER)) return null;
        const [i, j] = parameter.slice(MARKER.length).split(".").map(Number);
        return [i as number, j as number];
      });
      const used = new Set(slots.flatMap((slot) => (slot ? [slot[0]] : [])));
      if (used.size !== args.length) {
        throw new Error("preparedQuery: every argument must reach the query as a value");
      }
      shape = { compiled, slots };
      shapes.set(key, shape);
    }
    const { compiled, slots } = shape;
    const parameters = compiled.parameters.map((parameter, index) => {
      const slot = slots[index];
      if (!slot) return parameter;
      const arg = args[slot[0]];
      return Array.isArray(arg) ? arg[slot[1]] : arg;
    });
    const result = await db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
    return result.rows;
  };
}
