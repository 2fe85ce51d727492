import { DirectoryMediaStore } from "./directory-media-store.ts";
import type { MediaStore } from "./media-store.ts";
import type { MediaStoreConfig } from "./media-store-config.ts";
import { S3MediaStore } from "./s3-media-store.ts";

/** The store the configuration names: MEDIA_DIR's folder, or the S3 bucket. */
export function openMediaStore(config: { mediaDir: string; mediaStore: MediaStoreConfig }): MediaStore {
  return config.mediaStore.kind === "s3"
    ? new S3MediaStore(config.mediaStore)
    : new DirectoryMediaStore(config.mediaDir);
}
