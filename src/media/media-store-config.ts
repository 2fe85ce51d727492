import { ConfigError } from "../shared/errors.ts";

/** Where media files live: MEDIA_DIR (the default) or an S3-compatible bucket (MEDIA_STORE=s3). */
export type MediaStoreConfig = { kind: "directory" } | ({ kind: "s3" } & S3StoreConfig);

export interface S3StoreConfig {
  bucket: string;
  /** Prepended to every key (S3_PREFIX), so one bucket can hold several sites; "" or ending in "/". */
  prefix: string;
  /** An S3-compatible server's URL (S3_ENDPOINT); null: AWS, by region. */
  endpoint: string | null;
  /** S3_REGION; null: the SDK's own default (AWS_REGION, the shared config). */
  region: string | null;
  /** Both keys or neither: without them, the SDK's default chain (environment, files, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** Bucket in the path (http://host/bucket/key), which most self-hosted servers need. */
  forcePathStyle: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** MEDIA_STORE and the S3_* variables; a bad or missing value throws a ConfigError naming the variable. */
export function parseMediaStoreConfig(env: Env): MediaStoreConfig {
  const kind = value(env, "MEDIA_STORE") ?? "directory";
  if (kind === "directory") return { kind };
  if (kind !== "s3") throw new ConfigError("MEDIA_STORE", `"${kind}" is not one of directory, s3`);
  const bucket = value(env, "S3_BUCKET");
  if (!bucket)
    throw new ConfigError("S3_BUCKET", "MEDIA_STORE=s3 needs the name of the bucket that holds the media");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      "S3_BUCKET",
      `"${bucket}" is not a bucket name (3 to 63 lowercase letters, digits, dots, hyphens)`,
    );
  }
  const prefix = value(env, "S3_PREFIX") ?? "";
  if (prefix !== "" && !/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\/$/.test(prefix)) {
    throw new ConfigError("S3_PREFIX", `"${prefix}" must be empty or a path ending in "/", such as tribune/`);
  }
  const endpoint = value(env, "S3_ENDPOINT") ?? null;
  if (endpoint !== null && !/^https?:\/\/[^\s/]+\/?$/.test(endpoint)) {
    throw new ConfigError("S3_ENDPOINT", `"${endpoint}" is not a server's URL such as http://127.0.0.1:9000`);
  }
  const region = value(env, "S3_REGION") ?? null;
  if (region !== null && !/^[a-z0-9-]+$/.test(region)) {
    throw new ConfigError("S3_REGION", `"${region}" is not a region such as eu-west-1`);
  }
  const accessKeyId = value(env, "S3_ACCESS_KEY_ID");
  const secretAccessKey = value(env, "S3_SECRET_ACCESS_KEY");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      accessKeyId === undefined ? "S3_ACCESS_KEY_ID" : "S3_SECRET_ACCESS_KEY",
      "give S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither for the SDK's default credentials",
    );
  }
  const pathStyle = value(env, "S3_FORCE_PATH_STYLE") ?? "false";
  if (pathStyle !== "true" && pathStyle !== "false") {
    throw new ConfigError("S3_FORCE_PATH_STYLE", `"${pathStyle}" is not one of true, false`);
  }
  return {
    kind,
    bucket,
    prefix,
    endpoint: endpoint?.replace(/\/$/, "") ?? null,
    region,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    forcePathStyle: pathStyle === "true",
  };
}

function value(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}
