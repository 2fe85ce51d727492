import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { guardedFetch, isPrivateAddress } from "./guarded-fetch.ts";
import { OEmbedTestServer } from "./oembed-test-support.ts";

describe("fetching from a provider", () => {
  const server = new OEmbedTestServer();
  before(() => server.start());
  after(() => server.stop());
  const options = (trustedHost: string | null) => ({
    timeoutMs: 800,
    maxBytes: 64 * 1024,
    trustedHost,
    accept: "application/json",
  });
  const host = () => new URL(server.origin).host;

  test("reads an answer of the trusted endpoint's host, even on the loopback", async () => {
    server.fixtures.set("https://youtu.be/abcdefGHIJK", server.youtubeAnswer("abcdefGHIJK", "A video"));
    const answer = await guardedFetch(
      `${server.origin}/oembed/youtube?url=${encodeURIComponent("https://youtu.be/abcdefGHIJK")}`,
      options(host()),
    );
    assert.match(answer.contentType, /application\/json/);
    assert.equal(JSON.parse(answer.body.toString()).title, "A video");
  });

  test("refuses private and loopback addresses of any other host", async () => {
    await assert.rejects(
      guardedFetch(`${server.origin}/thumb/a.jpg`, options(null)),
      /127\.0\.0\.1 is not a public address/,
    );
    const port = new URL(server.origin).port;
    await assert.rejects(
      guardedFetch(`http://localhost:${port}/thumb/a.jpg`, options(host())),
      /localhost is not a public address/,
    );
    await assert.rejects(guardedFetch("http://[::1]:9/", options(null)), /::1 is not a public address/);
    await assert.rejects(
      guardedFetch("http://169.254.169.254/latest/meta-data/", options(null)),
      /not a public address/,
    );
    await assert.rejects(guardedFetch("http://[::ffff:127.0.0.1]:9/", options(null)), /not a public address/);
    for (const address of [
      "10.1.2.3",
      "192.168.0.1",
      "172.20.0.1",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:a9fe:a9fe",
    ]) {
      assert.ok(isPrivateAddress(address), address);
    }
    assert.ok(!isPrivateAddress("142.250.180.14"));
  });

  test("does not follow redirects", async () => {
    server.fixtures.set("https://youtu.be/redirected1", {
      kind: "redirect",
      location: "http://169.254.169.254/",
    });
    await assert.rejects(
      guardedFetch(
        `${server.origin}/oembed/youtube?url=${encodeURIComponent("https://youtu.be/redirected1")}`,
        options(host()),
      ),
      /redirect \(302\), which is not followed/,
    );
  });

  test("stops reading an answer past the size limit", async () => {
    await assert.rejects(guardedFetch(`${server.origin}/huge`, options(host())), /larger than 64 KB/);
  });

  test("gives up on a provider that does not answer in time", async () => {
    server.fixtures.set("https://youtu.be/silentsilent", { kind: "silent" });
    const started = Date.now();
    await assert.rejects(
      guardedFetch(
        `${server.origin}/oembed/youtube?url=${encodeURIComponent("https://youtu.be/silentsilent")}`,
        options(host()),
      ),
      /no answer within 0\.8 s/,
    );
    assert.ok(Date.now() - started < 3000);
  });

  test("only speaks http and https", async () => {
    await assert.rejects(guardedFetch("file:///etc/passwd", options(null)), /only http and https/);
    await assert.rejects(guardedFetch("not a url", options(null)), /not a URL/);
  });
});
