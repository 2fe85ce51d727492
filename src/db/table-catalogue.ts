import { sql } from "kysely";
import type { DatabaseHandle, Db } from "./database.ts";

/**
 * What the database's own catalogue says of its tables: names, columns, primary keys and foreign
 * keys, read the same way on both dialects (the only code that knows where each keeps them).
 */

/** Where to look: SQLite has one namespace; PostgreSQL, the schema worked in. */
export interface CatalogueScope {
  db: Db;
  schema?: string | undefined;
}

export interface TableShape {
  name: string;
  /** Column names in the table's own order, with whether each accepts null and its declared type. */
  columns: { name: string; nullable: boolean; type: string }[];
  /** The primary key's columns, in order; empty when the table has none. */
  primaryKey: string[];
  /** Each foreign-key column and the table it refers to. */
  references: { column: string; table: string }[];
}

/**
 * The database's own tables (in its schema, for PostgreSQL), by name. Read from the catalogue of
 * that schema alone: Kysely's introspection reads every schema's, and fails when another one is
 * dropped meanwhile (as tests drop theirs).
 */
export async function tablesOf({ db, schema }: CatalogueScope): Promise<string[]> {
  const { rows } =
    schema === undefined
      ? await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite!_%' escape '!'`.execute(
          db,
        )
      : await sql<{ name: string }>`
          select tablename as name from pg_tables where schemaname = ${schema}`.execute(db);
  return rows.map((row) => row.name).sort();
}

/** How many rows each of the database's tables holds. */
export async function rowCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  return countRows(handle.db, await tablesOf(handle));
}

export async function countRows(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/** The shape of each of `tables`. */
export async function describeTables(
  scope: CatalogueScope,
  tables: readonly string[],
): Promise<TableShape[]> {
  const shapes: TableShape[] = [];
  for (const table of tables) {
    shapes.push(
      scope.schema === undefined ? await sqliteShape(scope.db, table) : await postgresShape(scope, table),
    );
  }
  return shapes;
}

async function sqliteShape(db: Db, table: string): Promise<TableShape> {
  const raw = db.withoutPlugins();
  const columns = await sql<{ name: string; notnull: number; pk: number; type: string }>`
    select name, "notnull", pk, type from pragma_table_info(${table}) order by cid`.execute(raw);
  const keys = await sql<{ from: string; table: string }>`
    select "from", "table" from pragma_foreign_key_list(${table})`.execute(raw);
  return {
    name: table,
    columns: columns.rows.map((column) => ({
      name: column.name,
      nullable: column.notnull === 0 && column.pk === 0,
      type: column.type.toLowerCase(),
    })),
    primaryKey: columns.rows
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name),
    references: keys.rows.map((key) => ({ column: key.from, table: key.table })),
  };
}

async function postgresShape({ db, schema }: CatalogueScope, table: string): Promise<TableShape> {
  const raw = db.withoutPlugins();
  const columns = await sql<{ name: string; nullable: boolean; type: string }>`
    select a.attname as name, not a.attnotnull as nullable, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname = ${table} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(raw);
  const primaryKey = await sql<{ name: string }>`
    select a.attname as name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    join lateral unnest(i.indkey) with ordinality as k(attnum, position) on true
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and n.nspname = ${schema} and c.relname = ${table}
    order by k.position`.execute(raw);
  const keys = await sql<{ column: string; target: string }>`
    select a.attname as column, target.relname as target
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_class target on target.oid = con.confrelid
    join lateral unnest(con.conkey) as k(attnum) on true
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where con.contype = 'f' and n.nspname = ${schema} and c.relname = ${table}`.execute(raw);
  return {
    name: table,
    columns: columns.rows.map((column) => ({
      name: column.name,
      nullable: column.nullable,
      type: column.type.toLowerCase(),
    })),
    primaryKey: primaryKey.rows.map((column) => column.name),
    references: keys.rows.map((key) => ({ column: key.column, table: key.target })),
  };
}

export interface CopyPlan {
  /** Tables in an order where each comes after the tables it refers to. */
  order: string[];
  /**
   * Foreign-key columns that close a cycle (a table referring to itself, or users → authors →
   * media → users): copied as null, then set once every table is there.
   */
  deferred: Map<string, string[]>;
}

/**
 * Orders tables so that every row's references exist when it is written: a depth-first walk down
 * the references, where a reference back into the walk (a cycle) is deferred instead.
 */
export function planCopyOrder(shapes: readonly TableShape[]): CopyPlan {
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  const order: string[] = [];
  const deferred = new Map<string, string[]>();
  const state = new Map<string, "visiting" | "done">();
  const visit = (shape: TableShape) => {
    state.set(shape.name, "visiting");
    for (const reference of shape.references) {
      const target = byName.get(reference.table);
      if (!target || state.get(target.name) === "done") continue;
      if (state.get(target.name) === "visiting") {
        deferred.set(shape.name, [...(deferred.get(shape.name) ?? []), reference.column]);
        continue;
      }
      visit(target);
    }
    state.set(shape.name, "done");
    order.push(shape.name);
  };
  for (const shape of [...shapes].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!state.has(shape.name)) visit(shape);
  }
  return { order, deferred };
}
