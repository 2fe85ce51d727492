// Command-line options the benchmarks share the reading of.

/** A whole number of at least 1 given as `--name`, or `fallback` when not given; else a clear error. */
export function wholeOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} takes a whole number, not ${value}`);
  return n;
}
