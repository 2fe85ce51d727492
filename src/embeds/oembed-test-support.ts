import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generatePlaceholderPhoto } from "../media/placeholder-photo.ts";

/** What the local oEmbed server answers for one post URL. */
export type OEmbedFixture =
  | { kind: "json"; body: Record<string, unknown> }
  | { kind: "raw"; contentType: string; body: string | Buffer; status?: number }
  | { kind: "redirect"; location: string }
  | { kind: "silent" };

/**
 * A local HTTP server standing for the providers: `/oembed/<provider>?url=…` answers the fixture set
 * for that URL (404 otherwise), `/thumb/<name>.jpg` a real JPEG, `/fake.jpg` text claiming to be
 * one, `/huge` an endless body. It counts
 * the oEmbed requests it was asked, so tests can tell a fetch from a stored answer.
 */
export class OEmbedTestServer {
  readonly fixtures = new Map<string, OEmbedFixture>();
  readonly requests: string[] = [];
  #server: Server | undefined;
  #photo: Buffer | undefined;

  async start(): Promise<void> {
    this.#photo = await generatePlaceholderPhoto(640, 360, "embed");
    this.#server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      this.requests.push(url.pathname + url.search);
      if (url.pathname.startsWith("/oembed/"))
        return this.#answer(url.searchParams.get("url") ?? "", response);
      if (url.pathname.startsWith("/thumb/")) {
        return response.writeHead(200, { "content-type": "image/jpeg" }).end(this.#photo);
      }
      if (url.pathname === "/huge") return endless(response);
      if (url.pathname === "/fake.jpg") {
        return response.writeHead(200, { "content-type": "image/jpeg" }).end("<svg onload=alert(1)>");
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
  }

  /** `http://127.0.0.1:<port>` */
  get origin(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error("the oEmbed test server is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  /** OEMBED_* variables allowing every provider, each with its endpoint here, and a short timeout. */
  env(): Record<string, string> {
    const names = ["youtube", "vimeo", "x", "instagram", "soundcloud", "facebook"];
    const env: Record<string, string> = { OEMBED_TIMEOUT_MS: "1500", OEMBED_PROVIDERS: names.join(",") };
    for (const name of names) {
      env[`OEMBED_${name.toUpperCase()}_ENDPOINT`] = `${this.origin}/oembed/${name}`;
    }
    return env;
  }

  /** How many times the oEmbed endpoint was asked about `url`. */
  oembedRequestsFor(url: string): number {
    return this.requests.filter(
      (request) =>
        request.startsWith("/oembed/") && new URLSearchParams(request.split("?")[1]).get("url") === url,
    ).length;
  }

  /** A YouTube-like answer for a video, with its thumbnail on this server. */
  youtubeAnswer(id: string, title: string): OEmbedFixture {
    return {
      kind: "json",
      body: {
        type: "video",
        version: "1.0",
        title,
        author_name: "Tribune Channel",
        provider_name: "YouTube",
        thumbnail_url: `${this.origin}/thumb/${id}.jpg`,
        html: `<iframe width="200" height="113" src="https://www.youtube.com/embed/${id}?feature=oembed" frameborder="0" allowfullscreen title="${title}"></iframe>`,
      },
    };
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #answer(postUrl: string, response: ServerResponse): void {
    const fixture = this.fixtures.get(postUrl);
    if (!fixture) return void response.writeHead(404, { "content-type": "text/plain" }).end("no such post");
    switch (fixture.kind) {
      case "json":
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(fixture.body));
        return;
      case "raw":
        response.writeHead(fixture.status ?? 200, { "content-type": fixture.contentType }).end(fixture.body);
        return;
      case "redirect":
        response.writeHead(302, { location: fixture.location }).end();
        return;
      case "silent":
        return; // never answers: the client's timeout must end it
    }
  }
}

/** A body that never ends, in 64 KB chunks, until the client goes away. */
function endless(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const write = () => {
    while (response.write(chunk)) {
      if (response.destroyed) return;
    }
    response.once("drain", write);
  };
  write();
}
