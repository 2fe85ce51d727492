import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../config.ts";
import { ConfigError } from "../shared/errors.ts";
import { parseMediaStoreConfig } from "./media-store-config.ts";

test("media live in MEDIA_DIR unless MEDIA_STORE names S3", () => {
  assert.deepEqual(parseMediaStoreConfig({}), { kind: "directory" });
  assert.deepEqual(loadConfig({ DATA_DIR: "/tmp/tribune-config" }).mediaStore, { kind: "directory" });
});

test("MEDIA_STORE=s3 reads the bucket, endpoint, region, keys and path style", () => {
  assert.deepEqual(
    parseMediaStoreConfig({
      MEDIA_STORE: "s3",
      S3_BUCKET: "tribune-media",
      S3_ENDPOINT: "http://127.0.0.1:9000/",
      S3_REGION: "eu-west-1",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: "site-a/",
    }),
    {
      kind: "s3",
      bucket: "tribune-media",
      prefix: "site-a/",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-1",
      credentials: { accessKeyId: "id", secretAccessKey: "secret" },
      forcePathStyle: true,
    },
  );
  const defaults = parseMediaStoreConfig({ MEDIA_STORE: "s3", S3_BUCKET: "tribune-media" });
  assert.deepEqual(defaults, {
    kind: "s3",
    bucket: "tribune-media",
    prefix: "",
    endpoint: null,
    region: null,
    credentials: null,
    forcePathStyle: false,
  });
});

test("refuses at start, naming the variable, whatever S3 could not work with", () => {
  const s3 = { MEDIA_STORE: "s3", S3_BUCKET: "tribune-media" };
  const refusals: [Record<string, string>, RegExp][] = [
    [{ MEDIA_STORE: "nfs" }, /^MEDIA_STORE: "nfs" is not one of directory, s3/],
    [{ MEDIA_STORE: "s3" }, /^S3_BUCKET: MEDIA_STORE=s3 needs the name of the bucket/],
    [{ ...s3, S3_BUCKET: "Tribune_Media" }, /^S3_BUCKET: "Tribune_Media" is not a bucket name/],
    [{ ...s3, S3_ENDPOINT: "127.0.0.1:9000" }, /^S3_ENDPOINT: "127.0.0.1:9000" is not a server's URL/],
    [
      { ...s3, S3_ACCESS_KEY_ID: "id" },
      /^S3_SECRET_ACCESS_KEY: give S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together/,
    ],
    [{ ...s3, S3_FORCE_PATH_STYLE: "yes" }, /^S3_FORCE_PATH_STYLE: "yes" is not one of true, false/],
    [{ ...s3, S3_PREFIX: "/site" }, /^S3_PREFIX: "\/site" must be empty or a path ending in "\/"/],
  ];
  for (const [env, message] of refusals) {
    assert.throws(
      () => loadConfig({ DATA_DIR: "/tmp/tribune-config", ...env }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});
