import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { postgresTestUrl } from "./databases.ts";

/**
 * A database of its own that a command (another process) and the test both open by URL: a SQLite
 * file in `dir`, or a PostgreSQL database created for it (when a server answers), dropped after.
 */
export interface SharedDatabase {
  name: "sqlite" | "postgres";
  create(dir: string): Promise<{ url: string; drop(): Promise<void> }>;
}

export function sharedDatabases(): SharedDatabase[] {
  const list: SharedDatabase[] = [
    {
      name: "sqlite",
      create: async (dir) => ({ url: `sqlite:${join(dir, "tribune.db")}`, drop: async () => {} }),
    },
  ];
  const pgUrl = postgresTestUrl();
  if (pgUrl) {
    list.push({
      name: "postgres",
      create: async () => {
        const name = `tribune_wp_${randomBytes(4).toString("hex")}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(pgUrl);
        url.pathname = `/${name}`;
        return {
          url: url.href,
          drop: async () => {
            const client = new pg.Client({ connectionString: pgUrl });
            await client.connect();
            await client.query(`drop database ${name} with (force)`);
            await client.end();
          },
        };
      },
    });
  }
  return list;
}
