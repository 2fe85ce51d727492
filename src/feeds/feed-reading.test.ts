import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { duplicateKeysOf, normalisedLink, normalisedTitle } from "./feed-item.ts";
import { FeedFormatError, FeedXmlReader } from "./feed-parser.ts";
import { atomFeed, BILLION_LAUGHS, rssFeed } from "./feed-test-support.ts";
import { readNinjs } from "./ninjs.ts";

/** Reads a whole document in small chunks, as it would stream in. */
function readXml(xml: string) {
  const reader = new FeedXmlReader();
  for (let at = 0; at < xml.length; at += 37) reader.write(xml.slice(at, at + 37));
  return reader.close();
}

describe("reading agency feeds", () => {
  test("RSS items give their guid, link, title, text and photo with its credit and caption", () => {
    const [item] = readXml(
      rssFeed([
        {
          title: "Rain &amp; wind",
          guid: "g1",
          link: "https://a.example/1",
          photo: "https://a.example/p.jpg",
          credit: "Ana",
        },
      ]),
    );
    assert.deepEqual(
      { ...item, html: undefined },
      {
        guid: "g1",
        link: "https://a.example/1",
        title: "Rain & wind",
        summary: "Summary of Rain & wind",
        html: undefined,
        image: { url: "https://a.example/p.jpg", caption: "A caption", credit: "Ana" },
      },
    );
    assert.match(String(item?.html), /^<p>First paragraph of <b>Rain &amp; wind<\/b>/);
  });

  test("Atom entries give their id, alternate link, xhtml content rebuilt, and enclosure", () => {
    const [entry] = readXml(
      atomFeed([{ title: "Harvest", id: "urn:1", link: "https://b.example/h", photo: "/h.jpg" }]),
    );
    assert.equal(entry?.guid, "urn:1");
    assert.equal(entry?.link, "https://b.example/h");
    assert.equal(entry?.image?.url, "/h.jpg");
    assert.match(String(entry?.html), /<p>Atom body of <em>Harvest<\/em>\.<\/p>/);
  });

  test("a DOCTYPE (entity expansion) and malformed XML are refused, and so is a document that is no feed", () => {
    assert.throws(
      () => readXml(BILLION_LAUGHS),
      (error) => error instanceof FeedFormatError && /DOCTYPE/.test(error.message),
    );
    assert.throws(() => readXml("<rss><channel><item></channel></rss>"), /not well-formed/);
    assert.throws(() => readXml("<html><body>Not a feed</body></html>"), /neither an RSS nor an Atom feed/);
  });

  test("ninjs items give their uri, headline, body and picture association", () => {
    const [item] = readNinjs(
      JSON.stringify({
        items: [
          {
            uri: "urn:ninjs:1",
            headline: "Bridge reopens",
            body_html: "<p>The bridge <i>reopened</i>.</p>",
            description_text: "It reopened.",
            associations: {
              featureimage: {
                type: "picture",
                renditions: { original: { href: "https://c.example/b.jpg" } },
                description_text: "The bridge",
                copyrightholder: "Agency C",
              },
            },
          },
        ],
      }),
    );
    assert.deepEqual(item, {
      guid: "urn:ninjs:1",
      link: null,
      title: "Bridge reopens",
      summary: "It reopened.",
      html: "<p>The bridge <i>reopened</i>.</p>",
      image: { url: "https://c.example/b.jpg", caption: "The bridge", credit: "Agency C" },
    });
    assert.throws(() => readNinjs("{not json"), /not valid JSON/);
  });

  test("titles and links are compared without case, accents, punctuation, fragments or tracking", () => {
    assert.equal(
      normalisedTitle("Quake hits Kirkuk — 12 dead"),
      normalisedTitle("QUAKE HITS KIRKUK: 12 dead"),
    );
    assert.equal(normalisedTitle("São Paulo"), "sao paulo");
    assert.equal(normalisedLink("https://A.example/x/?utm_source=rss#top"), "https://a.example/x");
    assert.deepEqual(
      duplicateKeysOf({ guid: " ", link: null, title: "A", summary: null, html: "", image: null }),
      {
        guidKey: null,
        linkKey: null,
        titleKey: "a",
      },
    );
  });
});
