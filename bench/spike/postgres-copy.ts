// A throw-away copy of the PostgreSQL corpus (CREATE DATABASE … TEMPLATE: a file copy on the
// server, seconds even for 100,000 stories), so that the editor's updates stay out of the corpus.
import { onServer } from "../speed/corpus.ts";

/** Copies the database at `corpusUrl` (nobody may be connected to it) into `name`, replacing it. */
export async function copyPostgresDatabase(
  corpusUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = decodeURIComponent(new URL(corpusUrl).pathname.slice(1));
  for (const identifier of [template, name]) {
    if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`not a plain database name: "${identifier}"`);
  }
  await onServer(corpusUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name} template ${template}`);
  });
  const url = new URL(corpusUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () =>
      onServer(corpusUrl, async (client) => {
        await client.query(`drop database if exists ${name} with (force)`);
      }),
  };
}
