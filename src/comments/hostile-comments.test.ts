import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { parsePage } from "../../test/support/html.ts";
import {
  type CommentsDemo,
  commentForm,
  postForm,
  SECRET_EMAIL_DOMAIN,
  snapshotComments,
  startCommentsDemo,
} from "./comment-test-support.ts";

/**
 * What strangers may send instead of the comment form. Each either answers 4xx and changes
 * nothing stored, or is stored as plain text and shown inert; nothing stored before changes.
 */
interface HostileCase {
  name: string;
  /** The body as sent: a form string (made with commentForm) or raw bytes. */
  payload: string | Buffer;
  contentType?: string | null;
  /** "refused": 4xx, nothing stored. "stored": 303, stored as text. */
  expect: "refused" | "stored";
  status?: number;
}

let n = 0;
/** A form from a new commenter, so rate limits and duplicate checks stay out of the way. */
const form = (fields: Record<string, string>) => {
  n++;
  return commentForm({ name: `Hostile ${n}`, email: `hostile${n}@${SECRET_EMAIL_DOMAIN}`, ...fields });
};
const raw = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
const multipart = (fields: Record<string, string>, extra = "") =>
  Buffer.from(
    `${Object.entries(fields)
      .map(([k, v]) => `--B0und\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("")}${extra}--B0und--\r\n`,
  );

const CORPUS: HostileCase[] = [
  { name: "a script tag", payload: form({ text: "<script>alert('x')</script> hello" }), expect: "stored" },
  {
    name: "an image with an event handler",
    payload: form({ text: '<img src=x onerror="alert(1)"> look' }),
    expect: "stored",
  },
  {
    name: "an svg onload in the name",
    payload: form({ name: '"><svg onload=alert(1)>', text: "Name attack" }),
    expect: "stored",
  },
  {
    name: "javascript: links, bare and in an anchor",
    payload: form({ text: 'javascript:alert(1) <a href="javascript:alert(2)">x</a>' }),
    expect: "stored",
  },
  {
    name: "a data: URL and a vbscript: URL",
    payload: form({ text: "data:text/html;base64,PHNjcmlwdD4= vbscript:msgbox" }),
    expect: "stored",
  },
  {
    name: "a link that tries to leave its attribute",
    payload: form({ text: 'https://example.org/"onmouseover="alert(1)' }),
    expect: "stored",
  },
  {
    name: "template and SQL look-alikes",
    payload: form({
      text: "{{constructor.constructor('alert(1)')()}} \u0024{7*7} '; DROP TABLE comments; --",
    }),
    expect: "stored",
  },
  {
    name: "entities meant to be decoded twice",
    payload: form({ text: "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;" }),
    expect: "stored",
  },
  {
    name: "a right-to-left override and zero-width characters",
    payload: form({ text: "invoice\u202Eexe.pdf and s\u200Bp\u200Ba\uFEFFm" }),
    expect: "stored",
  },
  {
    name: "NUL and other control characters",
    payload: form({ text: "nul\u0000 bell\u0007 escape\u001B[31m red" }),
    expect: "stored",
  },
  {
    name: "Zalgo text",
    payload: form({ text: `Z${"\u0300\u0301\u0302\u0303".repeat(30)}algo` }),
    expect: "stored",
  },
  {
    name: "a 3,000-character line without spaces",
    payload: form({ text: "x".repeat(3000) }),
    expect: "stored",
  },
  {
    name: "a multipart form",
    payload: multipart({
      name: "Multi",
      email: `multi@${SECRET_EMAIL_DOMAIN}`,
      website: "",
      parent: "",
      text: "Sent as multipart <b>bold</b>",
    }),
    contentType: "multipart/form-data; boundary=B0und",
    expect: "stored",
  },
  {
    name: "JSON where a form is expected",
    payload: JSON.stringify({ name: "J", email: "j@example.org", website: "", text: "json" }),
    contentType: "application/json",
    expect: "refused",
    status: 415,
  },
  {
    name: "plain text",
    payload: "name=A&text=plain",
    contentType: "text/plain",
    expect: "refused",
    status: 415,
  },
  { name: "no content type", payload: "name=A&text=none", contentType: null, expect: "refused", status: 415 },
  {
    name: "XML",
    payload: "<comment><text>x</text></comment>",
    contentType: "application/xml",
    expect: "refused",
    status: 415,
  },
  {
    name: "the text field repeated",
    payload: `${form({ text: "one" })}&text=two`,
    expect: "refused",
    status: 400,
  },
  {
    name: "the name field repeated",
    payload: `${form({ text: "repeat name" })}&name=Other`,
    expect: "refused",
    status: 400,
  },
  {
    name: "the honeypot field missing",
    payload: new URLSearchParams({ name: "Bot", email: "bot@example.org", text: "no honeypot" }).toString(),
    expect: "refused",
    status: 400,
  },
  {
    name: "the honeypot field filled",
    payload: form({ website: "http://spam.example", text: "honeypot" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "the text field missing",
    payload: new URLSearchParams({ name: "A", email: "a@example.org", website: "" }).toString(),
    expect: "refused",
    status: 400,
  },
  {
    name: "the name field missing",
    payload: new URLSearchParams({ email: "a@example.org", website: "", text: "no name" }).toString(),
    expect: "refused",
    status: 400,
  },
  {
    name: "the e-mail field missing",
    payload: new URLSearchParams({ name: "A", website: "", text: "no e-mail" }).toString(),
    expect: "refused",
    status: 400,
  },
  { name: "an empty body", payload: "", expect: "refused", status: 400 },
  {
    name: "invalid UTF-8 bytes, raw",
    payload: raw("name=A&email=a%40example.org&website=&text=", [0xff, 0xfe, 0xc3, 0x28]),
    expect: "refused",
    status: 400,
  },
  {
    name: "invalid UTF-8 bytes, percent-encoded",
    payload: form({ text: "x" }).replace("text=x", "text=%C3%28%80"),
    expect: "refused",
    status: 400,
  },
  {
    name: "an overlong UTF-8 encoding of <",
    payload: form({ text: "x" }).replace("text=x", "text=%C0%BCscript%C0%BE"),
    expect: "refused",
    status: 400,
  },
  {
    name: "a malformed percent escape",
    payload: form({ text: "x" }).replace("text=x", "text=100%"),
    expect: "refused",
    status: 400,
  },
  {
    name: "a declared charset that is not UTF-8",
    payload: form({ text: "latin" }),
    contentType: "application/x-www-form-urlencoded; charset=windows-1252",
    expect: "refused",
    status: 400,
  },
  { name: "a 100 KB line", payload: form({ text: "y".repeat(100_000) }), expect: "refused", status: 400 },
  {
    name: "a body over the size limit",
    payload: form({ text: "z".repeat(300_000) }),
    expect: "refused",
    status: 413,
  },
  {
    name: "only invisible and direction characters",
    payload: form({ text: "\u202E\u200B\u2066\uFEFF \n\t" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "a parent that is not a number",
    payload: form({ text: "sql parent", parent: "1 OR 1=1" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "a parent that does not exist",
    payload: form({ text: "ghost parent", parent: "2147483647" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "a name of 1,000 characters",
    payload: form({ name: "n".repeat(1000), text: "long name" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "an e-mail with a header injection",
    payload: form({ email: "a@example.org\r\nBcc: victim@example.org", text: "header" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "too many links",
    payload: form({ text: "https://a.example https://b.example https://c.example" }),
    expect: "refused",
    status: 400,
  },
  {
    name: "a file upload",
    payload: multipart(
      { name: "F", text: "file" },
      '--B0und\r\nContent-Disposition: form-data; name="file"; filename="x.html"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n',
    ),
    contentType: "multipart/form-data; boundary=B0und",
    expect: "refused",
    status: 400,
  },
  {
    name: "multipart without a boundary",
    payload: multipart({ text: "x" }),
    contentType: "multipart/form-data",
    expect: "refused",
    status: 400,
  },
  {
    name: "hundreds of fields",
    payload: Array.from({ length: 500 }, (_, i) => `f${i}=${i}`).join("&"),
    expect: "refused",
    status: 400,
  },
];

for (const database of testDatabases()) {
  describe(`hostile comment inputs on ${database.name}`, () => {
    let demo: CommentsDemo;
    let threadPath = "";
    let articleId = 0;
    let before_ = "";
    const storedIds: number[] = [];

    before(async () => {
      demo = await startCommentsDemo(database, { COMMENT_POLICY_EN: "open" });
      const article = await demo.article("en");
      threadPath = article.threadPath;
      articleId = article.id;
      // Something already there, which nothing below may change.
      for (const text of ["An honest first comment.", "An honest second comment."]) {
        const posted = await postForm(demo.app, threadPath, form({ text }));
        assert.equal(posted.statusCode, 303);
      }
      before_ = await snapshotComments(demo.database.db);
    });
    after(() => demo.close());

    for (const item of CORPUS) {
      test(`${item.name}: ${item.expect === "refused" ? `answers ${item.status}, stores nothing` : "is stored as text"}`, async () => {
        const snapshot = await snapshotComments(demo.database.db);
        const headers: Record<string, string> = {};
        if (item.contentType !== null)
          headers["content-type"] = item.contentType ?? "application/x-www-form-urlencoded";
        const response = await demo.app.inject({
          method: "POST",
          url: threadPath,
          headers: { "x-forwarded-for": `198.18.${n % 250}.${storedIds.length + 1}`, ...headers },
          payload: item.payload,
        });
        if (item.expect === "refused") {
          assert.equal(response.statusCode, item.status, response.body.slice(0, 300));
          assert.equal(await snapshotComments(demo.database.db), snapshot);
          if (response.statusCode !== 413) {
            assert.match(String(response.headers["content-type"]), /^text\/html/);
            assert.ok(
              parsePage(response.body).querySelector(".comment-error")?.textContent,
              "the page says why",
            );
            assert.equal(response.headers["cache-control"], "no-store");
          }
        } else {
          assert.equal(response.statusCode, 303, response.body.slice(0, 300));
          const id = Number(/#comment-(\d+)$/.exec(String(response.headers.location))?.[1]);
          assert.ok(id > 0);
          storedIds.push(id);
        }
      });
    }

    test("what was stored renders inert: no script, no handler, no foreign link scheme, no invisible tricks", async () => {
      const ids = new Set(storedIds);
      const pages = [
        (await demo.app.inject(threadPath)).body,
        (await demo.app.inject(`${threadPath}?order=newest`)).body,
      ];
      for (const html of pages) {
        const document = parsePage(html);
        for (const id of ids) assert.ok(document.querySelector(`#comment-${id}`), `comment ${id} is shown`);
        const thread = document.querySelector("#comment-thread");
        assert.ok(thread);
        assert.equal(
          thread.querySelectorAll(
            "script, img, svg, iframe, object, embed, style, b, a[href^='javascript'], a[href^='data'], a[href^='vbscript']",
          ).length,
          0,
        );
        for (const element of thread.querySelectorAll("*")) {
          for (const attribute of element.getAttributeNames())
            assert.ok(!attribute.startsWith("on"), `${element.tagName} has ${attribute}`);
        }
        for (const link of thread.querySelectorAll(".comment-text a")) {
          assert.match(link.getAttribute("href") ?? "", /^https?:\/\//);
          assert.equal(link.getAttribute("rel"), "nofollow ugc noopener");
        }
        assert.ok(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
          !/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF\u0000\u0007\u001B]/.test(html),
          "no invisible or control characters",
        );
        assert.ok(html.includes("&lt;script>alert('x')&lt;/script> hello"), "the script shows as text");
      }
      const stored = await demo.database.db
        .selectFrom("comments")
        .select(["body", "authorName"])
        .where("id", "in", [...ids])
        .execute();
      const bodies = stored.map((row) => row.body).join("\n");
      assert.ok(
        bodies.includes("invoiceexe.pdf and spam"),
        "direction and zero-width characters were stripped",
      );
      assert.ok(bodies.includes("nul bell escape[31m red"), "control characters were stripped");
      assert.ok(!/\p{M}{5}/u.test(bodies), "no letter keeps more than four marks");
      assert.ok(
        stored.some((row) => row.authorName === '"><svg onload=alert(1)>'),
        "the name is kept as typed, as text",
      );
    });

    test("nothing stored before the corpus changed", async () => {
      const now = JSON.parse(await snapshotComments(demo.database.db)) as { comments: { id: number }[] };
      const then = JSON.parse(before_) as { comments: { id: number }[] };
      assert.deepEqual(
        now.comments.filter((row) => then.comments.some((old) => old.id === row.id)),
        then.comments,
      );
      const count = await demo.app.inject(`/en/comments/count?article=${articleId}`);
      assert.equal(count.json().count, then.comments.length + storedIds.length);
    });
  });
}
