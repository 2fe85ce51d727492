import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { type NewsroomSession, signInAs } from "../../test/support/newsroom.ts";
import { nginx, type ProxyProcess, startNginx, startVarnish, varnishd } from "../../test/support/proxies.ts";
import { startTwoInstances, type TwoInstances } from "../../test/support/two-instances.ts";
import { bilingualStory, type OpenStream, openStream, updateWith } from "./live-test-support.ts";

/**
 * Every instance serves its own readers' streams: an update posted on one instance reaches streams
 * open on another through the content relay (the outbox polled on SQLite, NOTIFY on PostgreSQL),
 * also through Varnish (deploy/varnish/default.vcl) and nginx (test/support/proxies.ts) in front.
 */
for (const database of testDatabases()) {
  describe(`live updates fanned out to another instance on ${database.name}`, () => {
    let instances: TwoInstances;
    let editor: NewsroomSession;
    let story: { storyId: number; en: number; pt: number };
    let otherOrigin = "";
    const proxies: ProxyProcess[] = [];
    const streams: OpenStream[] = [];

    before(async () => {
      instances = await startTwoInstances(database, {
        intervalMs: 200,
        notify: database.name === "postgres",
        onError: (error) => assert.fail(String(error)),
      });
      const { demo, other } = instances;
      editor = await signInAs(demo.app, demo.database.db, "editor");
      story = await bilingualStory(demo.database.db);
      assert.equal(
        (await editor.post(`/newsroom/live/${story.en}/coverage`, { live: "on" })).statusCode,
        303,
      );
      await demo.app.listen({ port: 0, host: "127.0.0.1" });
      await other.listen({ port: 0, host: "127.0.0.1" });
      otherOrigin = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      for (const stream of streams) stream.close();
      for (const proxy of proxies) await proxy.stop();
      await instances.close();
    });

    const open = async (url: string) => {
      const stream = await openStream(url);
      streams.push(stream);
      assert.equal(stream.status, 200);
      return stream;
    };
    const post = async (articleId: number, text: string) =>
      assert.equal((await editor.post(`/newsroom/live/${articleId}/updates`, { text })).statusCode, 303);

    test("a stream open on the other instance gets an update posted on the first", async () => {
      const en = await open(`${otherOrigin}/live/${story.en}/events`);
      const pt = await open(`${otherOrigin}/live/${story.pt}/events`);
      await post(story.en, "From the first instance.");
      await en.next(updateWith("From the first instance"));
      await post(story.pt, "Da primeira instância.");
      const first = await pt.next((block) => block.event !== undefined);
      assert.match(first.data ?? "", /Da primeira instância/);
    });

    test("through Varnish, the stream is passed, not cached, and not buffered", {
      skip: !varnishd,
    }, async () => {
      const varnish = await startVarnish((instances.other.server.address() as AddressInfo).port);
      proxies.push(varnish);
      const stream = await open(`${varnish.url}/live/${story.en}/events`);
      assert.equal(stream.headers.get("cache-control"), "no-store");
      const second = await open(`${varnish.url}/live/${story.en}/events`);
      await post(story.en, "Through Varnish.");
      await stream.next(updateWith("Through Varnish"));
      await second.next(updateWith("Through Varnish"));
    });

    test("through nginx balancing over both instances, streams are not buffered", {
      skip: !nginx,
    }, async () => {
      const ports = [instances.demo.app, instances.other].map(
        (app) => (app.server.address() as AddressInfo).port,
      );
      const balancer = await startNginx(ports);
      proxies.push(balancer);
      const first = await open(`${balancer.url}/live/${story.en}/events`);
      const second = await open(`${balancer.url}/live/${story.en}/events`);
      await post(story.en, "Through nginx.");
      await first.next(updateWith("Through nginx"));
      await second.next(updateWith("Through nginx"));
    });
  });
}
