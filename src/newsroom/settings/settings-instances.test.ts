import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { testDatabases } from "../../../test/support/databases.ts";
import type { DemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { signInAs } from "../../../test/support/newsroom.ts";
import { startTwoInstances, type TwoInstances } from "../../../test/support/two-instances.ts";

const failOnError = (error: unknown) => {
  throw error;
};

/**
 * Two instances on one database, each with its page cache and its relay (as `serve` connects
 * them): a settings change made on one shows on the other's cached pages within the poll interval.
 */
for (const database of testDatabases()) {
  describe(`site settings on two instances on ${database.name}`, () => {
    let instances: TwoInstances;
    let demo: DemoApp;
    let other: FastifyInstance;

    before(async () => {
      instances = await startTwoInstances(database, { intervalMs: 20, notify: false, onError: failOnError });
      ({ demo, other } = instances);
    });
    after(() => instances.close());

    const brandOn = async (app: FastifyInstance, path: string) =>
      parsePage((await app.inject(path)).body).querySelector(".brand")?.textContent;

    test("both instances show a new site name after a change on one, their cached pages included", async () => {
      for (const app of [demo.app, other]) {
        assert.equal(await brandOn(app, "/en/"), "Tribune");
        await app.inject("/en/");
        assert.ok((app.pageCache?.stats.hits ?? 0) > 0, "the front page is served from the cache");
      }
      const admin = await signInAs(demo.app, demo.database.db, "admin");
      await admin.get("/newsroom/settings");
      const saved = await admin.post("/newsroom/settings/site", { siteName: "Tribune Everywhere", logo: "" });
      assert.equal(saved.statusCode, 303);
      assert.equal(await brandOn(demo.app, "/en/"), "Tribune Everywhere", "at once where it was made");
      const deadline = Date.now() + 3_000;
      let seen = await brandOn(other, "/en/");
      while (seen !== "Tribune Everywhere" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = await brandOn(other, "/en/");
      }
      assert.equal(seen, "Tribune Everywhere", "within the relay's poll on the other instance");
      assert.equal(await brandOn(other, "/es/"), "Tribune Everywhere");
    });
  });
}
