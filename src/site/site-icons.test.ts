import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import { parsePage } from "../../test/support/html.ts";
import { signInAs } from "../../test/support/newsroom.ts";
import { loadSharp } from "../media/sharp.ts";

for (const database of testDatabases()) {
  describe(`the site's icons on ${database.name}`, () => {
    let demo: DemoApp;

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
    });
    after(() => demo.close());

    /** The icon's size and the colour of its top-left and centre pixels. */
    const icon = async (path: string) => {
      const response = await demo.app.inject(path);
      assert.equal(response.statusCode, 200, path);
      assert.equal(response.headers["content-type"], "image/png");
      assert.match(String(response.headers["surrogate-key"]), /\bsite\b/);
      const sharp = await loadSharp();
      const { data, info } = await sharp(response.rawPayload)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [
        ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
      ];
      return {
        width: info.width,
        height: info.height,
        corner: pixel(2, info.height >> 1),
        centre: pixel(info.width >> 1, info.height >> 1),
      };
    };

    test("every page names the icons, drawn from the site's initial until a logo is chosen", async () => {
      const front = parsePage((await demo.app.inject("/en/")).body);
      assert.equal(front.querySelector('link[rel="icon"]')?.getAttribute("href"), "/favicon.png");
      assert.equal(
        front.querySelector('link[rel="apple-touch-icon"]')?.getAttribute("href"),
        "/apple-touch-icon.png",
      );
      for (const [path, size] of [
        ["/favicon.ico", 32],
        ["/favicon.png", 32],
        ["/apple-touch-icon.png", 180],
      ] as const) {
        const drawn = await icon(path);
        assert.deepEqual([drawn.width, drawn.height], [size, size]);
      }
      const initial = await icon("/apple-touch-icon.png");
      assert.deepEqual(initial.corner, [0xa4, 0x16, 0x1a], "the accent colour behind the initial");

      // An admin picks a logo on the settings page: the icons follow at once, through the cache.
      const admin = await signInAs(demo.app, demo.database.db, "admin");
      const media = await demo.database.db
        .selectFrom("media")
        .select("id")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await admin.get("/newsroom/settings");
      const saved = await admin.post("/newsroom/settings/site", {
        siteName: "Tribune",
        logo: String(media.id),
      });
      assert.equal(saved.statusCode, 303);
      const fromLogo = await icon("/apple-touch-icon.png");
      assert.notDeepEqual(fromLogo.corner, [0xa4, 0x16, 0x1a], "drawn from the logo now");
    });
  });
}
