// The PostgreSQL server the benchmarks use, and why there is none when there is none.
import pg from "pg";

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server's `test` database. */
export function benchPostgresUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ||
    process.env.TEST_DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test"
  );
}

/** Why `url` cannot be used (said in one line, password hidden), or null when it answers. */
export async function postgresUnavailable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return `no PostgreSQL server at ${url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
