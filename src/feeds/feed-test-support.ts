import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generatePlaceholderPhoto } from "../media/placeholder-photo.ts";

type Handler = (response: ServerResponse, headers: IncomingHttpHeaders) => void;

/**
 * Agency feeds on 127.0.0.1, as a test starts them: an RSS and an Atom feed with photos, and the
 * hostile ones (malformed, huge, slow, looping, entity expansion, a redirect to file:). Requests
 * are recorded with their headers.
 */
export class TestFeedServer {
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  private server: Server | undefined;
  private readonly routes = new Map<string, Handler>();

  get origin(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    return `http://127.0.0.1:${address?.port ?? 0}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Serves `body` at `path` with an ETag, answering 304 to a request that sends it back. */
  serveXml(path: string, body: () => string, etag: string, type = "application/rss+xml"): void {
    this.routes.set(path, (response, headers) => {
      if (headers["if-none-match"] === etag) {
        response.statusCode = 304;
        return response.end();
      }
      response.writeHead(200, { "content-type": `${type}; charset=utf-8`, etag });
      response.end(body());
    });
  }

  route(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }

  async start(): Promise<void> {
    // Two photos: the library gives back the row it has for bytes it already keeps.
    for (const name of ["photo", "photo2"]) {
      const photo = await generatePlaceholderPhoto(800, 600, name);
      this.route(`/${name}.jpg`, (response) => {
        response.writeHead(200, { "content-type": "image/jpeg" });
        response.end(photo);
      });
    }
    const server = createServer((request, response) => {
      const path = request.url ?? "/";
      this.requests.push({ path, headers: request.headers });
      const handler = this.routes.get(path);
      if (!handler) {
        response.statusCode = 404;
        return response.end();
      }
      handler(response, request.headers);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** An RSS 2.0 feed of the given items (title, guid, link; a photo for those with `photo`). */
export function rssFeed(
  items: { title: string; guid: string; link: string; photo?: string; credit?: string; html?: string }[],
): string {
  const entries = items
    .map(
      (item) => `<item>
  <title>${item.title}</title>
  <link>${item.link}</link>
  <guid isPermaLink="false">${item.guid}</guid>
  <description>${escapeMarkup(`<p>Summary of ${item.title}</p>`)}</description>
  <content:encoded><![CDATA[${item.html ?? `<p>First paragraph of <b>${item.title}</b>.</p><script>alert(1)</script><p>Second.</p>`}]]></content:encoded>
  ${item.photo ? `<media:content url="${item.photo}" medium="image"><media:credit>${item.credit ?? ""}</media:credit><media:description>A caption</media:description></media:content>` : ""}
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Wire</title><link>https://agency.example/</link><description>Wire</description>
${entries}
</channel></rss>`;
}

/** An Atom feed of the given entries (a photo as an enclosure link). */
export function atomFeed(entries: { title: string; id: string; link: string; photo?: string }[]): string {
  const body = entries
    .map(
      (entry) => `<entry>
  <title type="text">${entry.title}</title>
  <id>${entry.id}</id>
  <link rel="alternate" href="${entry.link}"/>
  ${entry.photo ? `<link rel="enclosure" type="image/jpeg" href="${entry.photo}"/>` : ""}
  <updated>2026-12-06T10:00:00Z</updated>
  <summary>Summary of ${entry.title}</summary>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Atom body of <em>${entry.title}</em>.</p></div></content>
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:wire</id><updated>2026-12-06T10:00:00Z</updated>
${body}
</feed>`;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The classic entity-expansion bomb: ten levels of ten references. */
export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Lol</title><item><title>&lol9;</title><guid>lol</guid></item></channel></rss>`;

/** Writes `megabytes` of XML-looking filler, as fast as the client reads it, until it hangs up. */
export function serveHuge(response: ServerResponse, megabytes: number): void {
  response.writeHead(200, { "content-type": "application/rss+xml" });
  const chunk = Buffer.from(`<!-- ${"x".repeat(65_000)} -->\n`);
  let sent = 0;
  const total = megabytes * 1024 * 1024;
  response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
  const pump = () => {
    while (sent < total && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    if (!response.destroyed) response.end("</channel></rss>");
  };
  response.on("error", () => {});
  pump();
}
