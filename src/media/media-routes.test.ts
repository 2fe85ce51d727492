import assert from "node:assert/strict";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import sharp from "sharp";
import { registerMediaRoutes } from "./media-routes.ts";
import { originalKey, variantKey } from "./media-store.ts";
import { type TestMediaStore, testMediaStores } from "./media-store-test-support.ts";

const FILE = "ab/ab12cd34ef56ab78cd90-kirkuk-soldiers-480.webp";
const ORIGINAL = "ab/ab12cd34ef56ab78cd90-kirkuk-soldiers.jpg";

for (const kind of await testMediaStores()) {
  describe(`media routes, ${kind.name} store`, { skip: kind.skip }, () => {
    let stored: TestMediaStore;
    let app: FastifyInstance;
    let image: Buffer;

    beforeEach(async () => {
      stored = await kind.open();
      const storage = stored.store;
      image = await sharp({ create: { width: 48, height: 32, channels: 3, background: "#4a7" } })
        .webp()
        .toBuffer();
      const staging = await storage.stage();
      const [variant, original] = [staging.newPath("webp"), staging.newPath("jpg")];
      await writeFile(variant, image);
      await writeFile(original, "original bytes, EXIF and all");
      await storage.put(variantKey(FILE), variant);
      await storage.put(originalKey(ORIGINAL), original);
      await staging.remove();
      const dir = stored.env.MEDIA_DIR;
      if (dir) await writeFile(join(dir, "secret.txt"), "do not serve");
      app = Fastify();
      app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: "not found" }));
      registerMediaRoutes(app, { mediaStore: stored.store });
      await app.ready();
    });
    afterEach(async () => {
      await app.close();
      await stored.close();
    });

    test("serves a variant with its type, a year of immutable caching, an ETag and nosniff", async () => {
      const response = await app.inject({ method: "GET", url: `/media/${FILE}` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "image/webp");
      assert.equal(response.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal(response.headers["x-content-type-options"], "nosniff");
      assert.equal(response.headers["content-length"], String(image.length));
      // The folder's tag is size and time; a bucket's is its own (an MD5 for a single PUT).
      assert.match(String(response.headers.etag), /^"[0-9a-f]+(?:-[0-9a-f]+)?"$/);
      assert.ok(response.headers["last-modified"]);
      assert.deepEqual(response.rawPayload, image);
    });

    test("answers 304 without a body when If-None-Match holds the ETag", async () => {
      const first = await app.inject({ method: "GET", url: `/media/${FILE}` });
      const etag = String(first.headers.etag);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const again = await app.inject({
          method: "GET",
          url: `/media/${FILE}`,
          headers: { "if-none-match": ifNoneMatch },
        });
        assert.equal(again.statusCode, 304, ifNoneMatch);
        assert.equal(again.body, "");
        assert.equal(again.headers.etag, etag);
      }
      const changed = await app.inject({
        method: "GET",
        url: `/media/${FILE}`,
        headers: { "if-none-match": '"x"' },
      });
      assert.equal(changed.statusCode, 200);
    });

    test("answers HEAD with the headers and no body", async () => {
      const response = await app.inject({ method: "HEAD", url: `/media/${FILE}` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "image/webp");
      assert.equal(response.headers["content-length"], String(image.length));
      assert.equal(response.body, "");
    });

    test("hands a missing file to the app's not-found handler", async () => {
      const response = await app.inject({
        method: "GET",
        url: "/media/ab/ab12cd34ef56ab78cd90-gone-480.webp",
      });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { error: "not found" });
    });

    test("answers 404 to every attempt to reach outside the variants", async () => {
      const dir = stored.env.MEDIA_DIR;
      if (dir) {
        await mkdir(join(dir, "variants/ab"), { recursive: true });
        await symlink("/etc/passwd", join(dir, "variants/ab/ab12cd34ef56ab78cd90-link-480.jpg"));
      }
      const attempts = [
        "/media/../package.json",
        "/media/..%2f..%2fpackage.json",
        "/media/%2e%2e/%2e%2e/package.json",
        "/media/%2E%2E%2Fsecret.txt",
        "/media/ab%2Fab12cd34ef56ab78cd90-kirkuk-soldiers-480.webp",
        "/media/ab/ab12cd34ef56ab78cd90-kirkuk-soldiers-480.webp%00.txt",
        "/media/ab\\..\\..\\secret.txt",
        "/media//etc/passwd",
        "/media/%2Fetc%2Fpasswd",
        `/media/../originals/${ORIGINAL}`,
        `/media/..%2Foriginals%2F${ORIGINAL}`,
        "/media/ab/ab12cd34ef56ab78cd90-link-480.jpg",
        "/media/ab/.hidden.tmp",
        "/media/ab/AB12CD34EF56AB78CD90-KIRKUK-SOLDIERS-480.WEBP",
        "/media/",
      ];
      for (const url of attempts) {
        const response = await app.inject({ method: "GET", url });
        assert.equal(response.statusCode, 404, url);
        assert.doesNotMatch(response.body, /do not serve|root:|EXIF/, url);
      }
    });
  });
}
