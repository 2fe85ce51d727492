import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after } from "node:test";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { DirectoryMediaStore } from "./directory-media-store.ts";
import type { MediaStore } from "./media-store.ts";
import { parseMediaStoreConfig } from "./media-store-config.ts";
import { S3MediaStore } from "./s3-media-store.ts";

/** One store for one test: the store, the environment that configures it, and a look inside. */
export interface TestMediaStore {
  store: MediaStore;
  /** MEDIA_DIR, or MEDIA_STORE=s3 and the S3_* variables: for loadConfig and `tribune` commands. */
  env: Record<string, string>;
  /** Every file in it (staging folders too, for the directory), by path or key, sorted. */
  files(): Promise<string[]>;
  /** One file's bytes, by key. */
  read(key: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface TestMediaStoreKind {
  name: "directory" | "s3";
  /** Why this kind is skipped here (outside CI, when the local S3 server cannot start), or false. */
  skip: string | false;
  open(): Promise<TestMediaStore>;
}

const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Both stores, to run a suite against each: a fresh folder, and a fresh bucket on an S3-compatible
 * server (s3rver) this process starts on 127.0.0.1, once, and stops when its tests end. Under CI the
 * S3 kind never skips: a server that cannot start fails the suite.
 */
export async function testMediaStores(): Promise<TestMediaStoreKind[]> {
  const server = await localS3Server();
  return [
    { name: "directory", skip: false, open: openDirectoryStore },
    {
      name: "s3",
      skip: "reason" in server ? server.reason : false,
      open: () => {
        if ("reason" in server) throw new Error(server.reason);
        return openBucketStore(server.endpoint);
      },
    },
  ];
}

async function openDirectoryStore(): Promise<TestMediaStore> {
  const dir = await mkdtemp(join(tmpdir(), "tribune-media-"));
  return {
    store: new DirectoryMediaStore(dir),
    env: { MEDIA_DIR: dir },
    files: async () => {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .sort();
    },
    read: (key) => readFile(join(dir, key)),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function openBucketStore(endpoint: string): Promise<TestMediaStore> {
  const bucket = `media-${randomBytes(6).toString("hex")}`;
  const env = {
    MEDIA_STORE: "s3",
    S3_BUCKET: bucket,
    S3_ENDPOINT: endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
  };
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const config = parseMediaStoreConfig(env);
  if (config.kind !== "s3") throw new Error("the S3 test store is not configured as S3");
  const store = new S3MediaStore(config);
  return {
    store,
    env,
    files: async () => {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (page.Contents ?? []).map((object) => object.Key ?? "").sort();
    },
    read: async (key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    },
    close: async () => {
      store.close();
      client.destroy();
    },
  };
}

let started: Promise<string> | undefined;

/** The local server's endpoint, or why it could not start (outside CI only: under CI it throws). */
async function localS3Server(): Promise<{ endpoint: string } | { reason: string }> {
  started ??= startS3Server();
  try {
    return { endpoint: await started };
  } catch (error) {
    if (process.env.CI === "true") throw error;
    return { reason: `the local S3 server (s3rver) could not start: ${(error as Error).message}` };
  }
}

/** s3rver on 127.0.0.1 and a free port, its buckets in a temporary folder, stopped after the tests. */
async function startS3Server(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tribune-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return `http://127.0.0.1:${port}`;
}
