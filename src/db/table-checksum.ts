import { createHash } from "node:crypto";
import type { CatalogueScope } from "./table-catalogue.ts";
import { type Row, readTableInBatches } from "./table-rows.ts";
import { inTransaction } from "./transaction.ts";

const MODULUS = 1n << 256n;
const BATCH = 1_000;

export interface TablePrint {
  rows: number;
  /** Hex: equal for two tables holding the same rows, whatever their order or dialect. */
  checksum: string;
}

/**
 * A checksum of a table's rows that neither the order they are read in nor the dialect they are
 * stored in changes: each row is hashed by its columns' names and values, normalised (a boolean as
 * the 0 or 1 both dialects store, numbers and big integers as decimals), and the row hashes are
 * added up modulo 2²⁵⁶, so a table is summed as it streams by, without holding it.
 */
export class TableChecksum {
  #rows = 0;
  #sum = 0n;

  add(row: Row): void {
    const line = JSON.stringify(
      Object.keys(row)
        .sort()
        .map((column) => [column, normalise(row[column])]),
    );
    this.#sum = (this.#sum + BigInt(`0x${createHash("sha256").update(line).digest("hex")}`)) % MODULUS;
    this.#rows += 1;
  }

  get print(): TablePrint {
    return { rows: this.#rows, checksum: this.#sum.toString(16).padStart(64, "0") };
  }
}

function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return `n${value ? 1 : 0}`;
  if (typeof value === "number" || typeof value === "bigint") return `n${value}`;
  if (value instanceof Date) return `s${value.toISOString()}`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value).toString("hex")}`;
  return `s${String(value)}`;
}

/** Each of `tables` read through and summed (in one transaction: PostgreSQL reads with a cursor). */
export function tablePrints(
  scope: CatalogueScope,
  tables: readonly string[],
): Promise<Record<string, TablePrint>> {
  return inTransaction(scope.db, async (db) => {
    const prints: Record<string, TablePrint> = {};
    for (const table of tables) {
      const checksum = new TableChecksum();
      for await (const rows of readTableInBatches({ db, schema: scope.schema }, table, BATCH)) {
        for (const row of rows) checksum.add(row);
      }
      prints[table] = checksum.print;
    }
    return prints;
  });
}
