import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";

for (const database of testDatabases()) {
  describe(`the page cache answers over HTTP before Fastify on ${database.name}`, () => {
    let demo: DemoApp;
    let origin: string;
    let answered = 0;

    before(async () => {
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      const answer = demo.app.answerFromPageCache;
      assert.ok(answer, "a page cache with bytes installs its front door");
      // Counts the requests the front door answered itself, Fastify never seeing them.
      demo.app.answerFromPageCache = (request: IncomingMessage, response: ServerResponse) => {
        const done = answer(request, response);
        if (done) answered += 1;
        return done;
      };
      await demo.app.listen({ port: 0, host: "127.0.0.1" });
      origin = `http://127.0.0.1:${(demo.app.server.address() as AddressInfo).port}`;
    });
    after(() => demo.close());

    test("a repeated GET is answered by the front door, with the bytes and headers of the render", async () => {
      const first = await fetch(`${origin}/en/`);
      const firstBody = await first.text();
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("x-page-cache"), "MISS");
      assert.equal(answered, 0);

      const second = await fetch(`${origin}/en/`);
      assert.equal(second.headers.get("x-page-cache"), "HIT");
      assert.equal(await second.text(), firstBody);
      assert.equal(second.headers.get("etag"), first.headers.get("etag"));
      assert.equal(second.headers.get("surrogate-key"), first.headers.get("surrogate-key"));
      assert.equal(second.headers.get("cache-control"), first.headers.get("cache-control"));
      assert.equal(answered, 1);

      const revalidated = await fetch(`${origin}/en/`, {
        headers: { "if-none-match": first.headers.get("etag") ?? "" },
      });
      assert.equal(revalidated.status, 304);
      assert.equal(answered, 2);
      assert.equal(second.headers.get("connection"), "keep-alive");
    });

    test("sessions, credentials and other methods go to Fastify, and the cache stays as it was", async () => {
      await fetch(`${origin}/en/`);
      const before = answered;
      const signedIn = await fetch(`${origin}/en/`, { headers: { cookie: "tribune_session=abc" } });
      assert.equal(signedIn.status, 200);
      assert.notEqual(signedIn.headers.get("x-page-cache"), "HIT");
      const credentialed = await fetch(`${origin}/en/`, { headers: { authorization: "Basic eDp5" } });
      assert.notEqual(credentialed.headers.get("x-page-cache"), "HIT");
      const posted = await fetch(`${origin}/en/`, { method: "POST" });
      assert.ok(posted.status >= 400 && posted.status < 500, `POST answered ${posted.status}`);
      assert.equal(answered, before, "none of them was answered from the cache");
      assert.equal((await fetch(`${origin}/en/`)).headers.get("x-page-cache"), "HIT");
    });
  });
}
