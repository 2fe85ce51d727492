import { createReadStream } from "node:fs";
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { MEDIA_CONTENT_TYPES, StagingArea } from "./media-storage.ts";
import {
  assertMediaKey,
  isMediaKey,
  type MediaStore,
  type StoredObject,
  type StoredObjectFacts,
} from "./media-store.ts";
import type { S3StoreConfig } from "./media-store-config.ts";

/**
 * Media in an S3-compatible bucket (MEDIA_STORE=s3), shared by every instance. A PutObject is
 * atomic: the object appears whole or not at all, so a key is complete once `put` returns, and the
 * import writes the rows that refer to it only then. Files are staged in the local temp folder.
 *
 * The SDK (a few hundred modules) is loaded on first use, not when the store is made: a process
 * that never touches the bucket (most commands) never loads it.
 */
export class S3MediaStore implements MediaStore {
  readonly location: string;
  readonly #config: S3StoreConfig;
  readonly #bucket: string;
  readonly #prefix: string;
  #connection: Promise<Connection> | undefined;
  /** The client once made, for close(). */
  #client: S3Client | undefined;

  constructor(config: S3StoreConfig) {
    this.#config = config;
    this.#bucket = config.bucket;
    this.#prefix = config.prefix;
    this.location = `s3://${config.bucket}/${config.prefix}`;
  }

  /** The SDK's classes and this store's client, loaded and made on the first call. */
  #connect(): Promise<Connection> {
    this.#connection ??= import("@aws-sdk/client-s3").then((sdk) => {
      this.#client = newClient(sdk, this.#config);
      return { sdk, client: this.#client };
    });
    return this.#connection;
  }

  async stage(): Promise<StagingArea> {
    return new StagingArea(await mkdtemp(join(tmpdir(), "tribune-media-")));
  }

  async put(key: string, stagedPath: string): Promise<boolean> {
    assertMediaKey(key);
    if (await this.head(key)) return false;
    const { size } = await stat(stagedPath);
    const { sdk, client } = await this.#connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#prefix + key,
        Body: createReadStream(stagedPath),
        ContentLength: size,
        ContentType: MEDIA_CONTENT_TYPES[key.slice(key.lastIndexOf(".") + 1)] ?? "application/octet-stream",
      }),
    );
    return true;
  }

  async head(key: string): Promise<StoredObjectFacts | undefined> {
    if (!isMediaKey(key)) return undefined;
    try {
      const { sdk, client } = await this.#connect();
      const found = await client.send(
        new sdk.HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      return factsOf(found);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    if (!isMediaKey(key)) return undefined;
    try {
      const { sdk, client } = await this.#connect();
      const found = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      // In Node the body is the HTTP response itself: a Readable stream.
      return { ...factsOf(found), body: found.Body as Readable };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertMediaKey(key);
    // One request each: DeleteObjects needs a Content-MD5 some compatible servers do not accept in
    // the SDK's form, and an import removes a handful of files at most.
    const { sdk, client } = await this.#connect();
    await Promise.all(
      keys.map((key) =>
        client.send(new sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key })),
      ),
    );
  }

  async *list(): AsyncIterable<string> {
    const { sdk, client } = await this.#connect();
    let token: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.#prefix.length);
        if (key && isMediaKey(key)) yield key;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the client's connections (commands and tests that end). */
  close(): void {
    this.#client?.destroy();
  }
}

type Sdk = typeof import("@aws-sdk/client-s3");

interface Connection {
  sdk: Sdk;
  client: S3Client;
}

function newClient(sdk: Sdk, config: S3StoreConfig): S3Client {
  return new sdk.S3Client({
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    // An endpoint without a region is a self-hosted server, which ignores it; the SDK wants one.
    ...(config.region ? { region: config.region } : config.endpoint ? { region: "us-east-1" } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    forcePathStyle: config.forcePathStyle,
    // Checksums only where S3 asks for them: several S3-compatible servers refuse the newer
    // streamed (aws-chunked) checksums the SDK would otherwise add to every upload.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function factsOf(found: { ContentLength?: number; ETag?: string; LastModified?: Date }): StoredObjectFacts {
  return {
    size: found.ContentLength ?? 0,
    etag: found.ETag ?? `"${(found.ContentLength ?? 0).toString(16)}"`,
    lastModified: found.LastModified ?? new Date(0),
  };
}

function isNotFound(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    failure.name === "NotFound" || failure.name === "NoSuchKey" || failure.$metadata?.httpStatusCode === 404
  );
}
