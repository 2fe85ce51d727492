import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import sharp from "sharp";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import type { NewsroomSession } from "../../../test/support/newsroom.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { decodeQueue } from "../../media/decode-queue.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import { alertText, jpegPhoto, mediaSnapshot, upload } from "./media-test-support.ts";

/** A real progressive 4:4:4 JPEG whose header claims `width`×`height`: only its pixel limit refuses it. */
async function progressiveJpegClaiming(width: number, height: number): Promise<Buffer> {
  const data = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } })
    .jpeg({ progressive: true, chromaSubsampling: "4:4:4" })
    .toBuffer();
  const sof = data.indexOf(Buffer.from([0xff, 0xc2]));
  data.writeUInt16BE(height, sof + 5);
  data.writeUInt16BE(width, sof + 7);
  return data;
}

/** Holds the process's decode queue busy until `release()`: uploads meanwhile wait in line. */
function holdDecodeQueue(): { release: () => void; done: Promise<void> } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release, done: decodeQueue.run(() => held) };
}

/** Resolves once `count` decodes wait in the queue, or `answer` arrives first (then says so). */
async function untilWaiting(count: number, answer: Promise<unknown>): Promise<"waiting" | "answered"> {
  let answered = false;
  void answer.finally(() => {
    answered = true;
  });
  while (decodeQueue.waiting < count && !answered) await new Promise((resolve) => setImmediate(resolve));
  return answered ? "answered" : "waiting";
}

for (const database of testDatabases()) {
  describe(`decoding uploads within a worker's memory on ${database.name}`, () => {
    let demo: DemoApp;
    let contributor: NewsroomSession;
    const snapshot = () => mediaSnapshot(demo.database.db, openMediaStore(demo.config));

    before(async () => {
      demo = await startDemoApp(database);
      contributor = await signInAs(demo.app, demo.database.db, "contributor");
    });
    after(() => demo.close());
    beforeEach(async () => {
      await contributor.get("/newsroom/media");
    });

    test("the report's 39.7-megapixel PNG is accepted, with every variant", async () => {
      const png = await sharp({ create: { width: 7700, height: 5160, channels: 3, background: "#2a6f97" } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      const response = await upload(contributor, [{ name: "wide.png", data: png, type: "image/png" }]);
      assert.equal(response.statusCode, 303, alertText(response.body));
      const id = Number(/\/newsroom\/media\/(\d+)/.exec(String(response.headers.location))?.[1]);
      const variants = await demo.database.db
        .selectFrom("mediaVariants")
        .select(["format", "width", "height"])
        .where("mediaId", "=", id)
        .orderBy("format")
        .orderBy("width")
        .execute();
      const sizes = ["480×322", "800×536", "1200×804", "1600×1072"];
      assert.deepEqual(
        variants.map((v) => `${v.format} ${v.width}×${v.height}`),
        [...sizes.map((size) => `jpeg ${size}`), ...sizes.map((size) => `webp ${size}`)],
      );
    });

    test("refuses a progressive JPEG too large to decode in a worker's memory, naming its limit", async () => {
      const before = await snapshot();
      const data = await progressiveJpegClaiming(6000, 4000);
      const response = await upload(contributor, [{ name: "scan.jpg", data }]);
      assert.equal(response.statusCode, 400);
      assert.match(
        alertText(response.body),
        /“scan\.jpg”: the image is 6000×4000 pixels, more than the \d+\.\d megapixels a progressive JPEG may have here; reduce it, or save it as a baseline \(not progressive\) JPEG/,
      );
      assert.deepEqual(await snapshot(), before);
    });

    test("uploads wait for the decode in progress, then are kept", async () => {
      const before = await snapshot();
      const hold = holdDecodeQueue();
      let answer: Promise<LightMyRequestResponse> | undefined;
      try {
        const data = await jpegPhoto(600, 400, "queued");
        answer = upload(contributor, [{ name: "queued.jpg", data }]);
        assert.equal(await untilWaiting(1, answer), "waiting", "the upload waits its turn");
        const waiting = await snapshot();
        // Only the file received, in the request's own staging folder.
        assert.deepEqual(
          { ...waiting, files: waiting.files.filter((f) => !f.startsWith(".incoming-")) },
          before,
        );
      } finally {
        hold.release();
        await hold.done;
      }
      const response = await answer;
      assert.equal(response.statusCode, 303, alertText(response.body));
      assert.match(String(response.headers.location), /^\/newsroom\/media\/\d+\?done=uploaded$/);
    });

    test("when the line of decodes is full, an upload answers 503 with Retry-After and keeps nothing", async () => {
      const before = await snapshot();
      const hold = holdDecodeQueue();
      const line = Array.from({ length: decodeQueue.maxWaiting }, () =>
        decodeQueue.run(async () => undefined),
      );
      try {
        const response = await upload(contributor, [
          { name: "late.jpg", data: await jpegPhoto(600, 400, "late") },
        ]);
        assert.equal(response.statusCode, 503);
        assert.equal(response.headers["retry-after"], "10");
        assert.match(
          response.body,
          /Too many pictures are being processed just now, so nothing was uploaded/,
        );
        assert.deepEqual(await snapshot(), before);
      } finally {
        hold.release();
        await Promise.all([hold.done, ...line]);
      }
    });
  });
}
