import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { type BodyLinks, wordpressBody } from "../../shared/body/wordpress-body.ts";
import { readWxr, type WxrRecord } from "./wxr-reader.ts";

const links: BodyLinks = {
  picture: (id, src) =>
    id === 7 || src.endsWith("/photo.jpg") ? { mediaId: 70, credit: "Agency" } : undefined,
  story: (href) => (href === "https://old.example/2026/01/14/older/" ? 11 : undefined),
};

describe("WordPress bodies as body documents", () => {
  test("classic content: blank lines part paragraphs, a line break stays one, marks and links kept", () => {
    const { doc, dropped } = wordpressBody(
      'First <strong>bold</strong> and <em>italic</em>\nsecond line.\n\nA <a href="https://example.org/x">link</a> &amp; more&hellip;',
      links,
    );
    assert.deepEqual(doc.content, [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "First " },
          { type: "text", text: "bold", marks: [{ type: "bold" }] },
          { type: "text", text: " and " },
          { type: "text", text: "italic", marks: [{ type: "italic" }] },
          { type: "hardBreak" },
          { type: "text", text: "second line." },
        ],
      },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "A " },
          { type: "text", text: "link", marks: [{ type: "link", attrs: { href: "https://example.org/x" } }] },
          { type: "text", text: " & more…" },
        ],
      },
    ]);
    assert.deepEqual(dropped, []);
  });

  test("block markup: headings, quotes, lists, images with captions, embeds; READ callouts to imported posts", () => {
    const { doc } = wordpressBody(
      [
        "<!-- wp:heading --><h2>Background</h2><!-- /wp:heading -->",
        '<!-- wp:image {"id":7} --><figure class="wp-block-image"><img src="https://old.example/wp-content/uploads/photo-1024x683.jpg" class="wp-image-7"/><figcaption>The crossing</figcaption></figure><!-- /wp:image -->',
        "<!-- wp:quote --><blockquote><p>We want it open.</p></blockquote><!-- /wp:quote -->",
        '<!-- wp:list --><ol start="3"><li>Trade</li><li>Water<ul><li>Rivers</li></ul></li></ol><!-- /wp:list -->',
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc"} --><figure><div>https://www.youtube.com/watch?v=abc</div></figure><!-- /wp:embed -->',
        '<!-- wp:paragraph --><p><strong>READ:</strong> <a href="https://old.example/2026/01/14/older/">The older story</a></p><!-- /wp:paragraph -->',
        '<!-- wp:paragraph --><p>READ: <a href="https://elsewhere.example/">not imported</a></p><!-- /wp:paragraph -->',
      ].join("\n"),
      links,
    );
    assert.deepEqual(
      doc.content.map((block) => block.type),
      ["heading", "figure", "blockquote", "orderedList", "embed", "readCallout", "paragraph"],
    );
    assert.deepEqual(doc.content[1], {
      type: "figure",
      attrs: { mediaId: 70, caption: "The crossing", credit: "Agency" },
    });
    assert.deepEqual(doc.content[3], {
      type: "orderedList",
      attrs: { start: 3 },
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Trade" }] }] },
        {
          type: "listItem",
          content: [
            { type: "paragraph", content: [{ type: "text", text: "Water" }] },
            {
              type: "bulletList",
              content: [
                {
                  type: "listItem",
                  content: [{ type: "paragraph", content: [{ type: "text", text: "Rivers" }] }],
                },
              ],
            },
          ],
        },
      ],
    });
    assert.deepEqual(doc.content[5], { type: "readCallout", attrs: { storyId: 11 } });
  });

  test("what has no place is dropped and named, never kept: scripts, frames, handlers, unknown images", () => {
    const { doc, dropped } = wordpressBody(
      '<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a></p><script>alert(1)</script><iframe src="https://evil.example/"></iframe><style>p{}</style><img src="https://old.example/unknown.png"/>[gallery ids="1,2"]<p>[caption id="x"]<img src="https://old.example/photo.jpg"/> Caption[/caption]</p>',
      links,
    );
    const json = JSON.stringify(doc);
    assert.doesNotMatch(json, /steal|javascript|alert|evil|style|gallery|onclick/);
    assert.deepEqual(doc.content[0], { type: "paragraph", content: [{ type: "text", text: "Hi there" }] });
    assert.deepEqual(doc.content.at(-1), {
      type: "figure",
      attrs: { mediaId: 70, caption: "Caption", credit: "Agency" },
    });
    assert.deepEqual(dropped.sort(), [
      "iframe",
      "image https://old.example/unknown.png",
      "link javascript:alert(1)",
      "script",
      "style",
    ]);
  });
});

describe("the WXR reader", () => {
  async function records(xml: string, chunk = 7): Promise<WxrRecord[]> {
    // Tiny chunks: elements, CDATA and multi-byte characters are cut between them.
    const bytes = Buffer.from(xml);
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
      bytes.subarray(i * chunk, (i + 1) * chunk),
    );
    const out: WxrRecord[] = [];
    for await (const record of readWxr(Readable.from(chunks))) out.push(record);
    return out;
  }

  test("hands over the site, terms and items one by one, whatever the chunks", async () => {
    const xml = `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>https://old.example/</link><wp:wxr_version>1.2</wp:wxr_version>
      <wp:term><wp:term_id>31</wp:term_id><wp:term_taxonomy><![CDATA[language]]></wp:term_taxonomy><wp:term_slug>pt</wp:term_slug><wp:term_name><![CDATA[Português]]></wp:term_name></wp:term>
      <item><title>Olá, ação</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>Çà & là]]></content:encoded><category domain="language" nicename="pt">Português</category>
      <wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_parent>0</wp:comment_parent><wp:comment_approved>1</wp:comment_approved><wp:comment_content><![CDATA[Bom]]></wp:comment_content></wp:comment></item></channel></rss>`;
    const [term, site, item] = await records(xml);
    assert.deepEqual(term, {
      kind: "term",
      id: "31",
      taxonomy: "language",
      slug: "pt",
      name: "Português",
      parent: "",
      description: "",
    });
    assert.deepEqual(site, { kind: "site", url: "https://old.example", wxrVersion: "1.2" });
    assert.equal(item?.kind, "item");
    if (item?.kind !== "item") return;
    assert.equal(item.title, "Olá, ação");
    assert.equal(item.content, "<p>Çà & là");
    assert.deepEqual(item.categories, [{ domain: "language", nicename: "pt", name: "Português" }]);
    assert.equal(item.comments[0]?.content, "Bom");
  });

  test("refuses what is not an export, and entity tricks, with a clear message", async () => {
    await assert.rejects(records("<html><body/></html>"), /the document is <html>, not <rss>/);
    await assert.rejects(
      records(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><title>&a;</title></channel></rss>',
      ),
      /is not a WordPress export/,
    );
    await assert.rejects(records("<rss><channel><item>"), /is not a WordPress export/);
  });
});
