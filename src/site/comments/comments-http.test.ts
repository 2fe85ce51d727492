import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { parsePage, visibleText } from "../../../test/support/html.ts";
import {
  type CommentsDemo,
  commentForm,
  nextIp,
  postForm,
  SECRET_EMAIL_DOMAIN,
  snapshotComments,
  startCommentsDemo,
} from "../../comments/comment-test-support.ts";

for (const database of testDatabases()) {
  describe(`comments over HTTP on ${database.name}`, () => {
    let demo: CommentsDemo;

    before(async () => {
      // With the page cache on: what readers see after a comment must come from purges, not luck.
      demo = await startCommentsDemo(database, {
        PAGE_CACHE_MB: "16",
        COMMENT_POLICY_EN: "open",
        COMMENT_POLICY_PT: "open",
        COMMENT_POLICY_ES: "premoderate-all",
      });
    });
    after(() => demo.close());

    const get = (url: string, headers: Record<string, string> = {}) => demo.app.inject({ url, headers });
    const idFrom = (location: unknown) => Number(/#comment-(\d+)$/.exec(String(location))?.[1]);

    test("a comment posted with the form is published (303 back to it), with a reply under it", async () => {
      const article = await demo.article("en");
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ name: "Ana Lima", text: "First line\nsecond line" }),
      );
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers["cache-control"], "no-store");
      assert.match(String(posted.headers.location), /\/comments\?notice=posted#comment-\d+$/);
      const id = idFrom(posted.headers.location);

      const replyPage = await get(`${article.threadPath}?reply=${id}`);
      const replyForm = parsePage(replyPage.body).querySelector("#comment-form");
      assert.equal(replyForm?.querySelector("h3")?.textContent, "Reply to Ana Lima");
      assert.equal(replyForm?.querySelector('input[name="parent"]')?.getAttribute("value"), String(id));

      const reply = await postForm(
        demo.app,
        article.threadPath,
        commentForm({
          name: "Bea",
          email: `bea@${SECRET_EMAIL_DOMAIN}`,
          text: "A reply.",
          parent: String(id),
        }),
      );
      assert.equal(reply.statusCode, 303);
      const thread = parsePage((await get(String(reply.headers.location))).body);
      const first = thread.querySelector(`#comment-${id}`);
      assert.equal(first?.querySelector(".comment-author")?.textContent, "Ana Lima");
      assert.equal(first?.querySelector(".comment-text")?.innerHTML, "<p>First line<br>second line</p>");
      assert.equal(
        first?.querySelector(`.comment-replies #comment-${idFrom(reply.headers.location)} .comment-author`)
          ?.textContent,
        "Bea",
      );
      assert.equal(thread.querySelector(".comment-notice")?.textContent, "Your comment is published.");
      assert.equal(thread.querySelector("#comment-thread-title")?.textContent, "2 comments");
    });

    test("the thread page and the count are cacheable under the article's comment key, and purged when a comment appears", async () => {
      const article = await demo.article("en");
      const thread = await get(article.threadPath);
      assert.equal(thread.statusCode, 200);
      assert.match(String(thread.headers["cache-control"]), /^public, .*s-maxage=/);
      assert.ok(String(thread.headers["surrogate-key"]).split(" ").includes(`comments:${article.id}`));
      const count = await get(`/en/comments/count?article=${article.id}`);
      assert.match(String(count.headers["content-type"]), /^application\/json/);
      assert.ok(String(count.headers["surrogate-key"]).split(" ").includes(`comments:${article.id}`));
      const before = count.json().count as number;

      const seen = demo.changes.length;
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ email: `cache@${SECRET_EMAIL_DOMAIN}`, text: "Purge me." }),
      );
      assert.equal(posted.statusCode, 303);
      const change = demo.changes.slice(seen).find((c) => c.reasons.includes("comments.changed"));
      assert.deepEqual(change?.articleIds, [article.id]);
      const after = (await get(`/en/comments/count?article=${article.id}`)).json();
      assert.deepEqual(after, {
        article: article.id,
        count: before + 1,
        label: `Show Comments (${before + 1})`,
      });
      assert.match((await get(article.threadPath)).body, /Purge me\./);
    });

    test("the article page shows no count and is not purged by comments", async () => {
      const article = await demo.article("en");
      const page = await get(article.path);
      const keys = String(page.headers["surrogate-key"] ?? "").split(" ");
      assert.ok(keys.includes(`article:${article.id}`));
      assert.ok(!keys.includes(`comments:${article.id}`));
      const document = parsePage(page.body);
      assert.equal(document.querySelector("#comments summary")?.textContent, "Show Comments");
      assert.equal(
        document.querySelector("#comments .comments-body a")?.getAttribute("href"),
        article.threadPath,
      );
      assert.equal(
        document.querySelector("#comments details")?.getAttribute("data-thread-url"),
        article.threadPath,
      );
      const change = demo.changes.find((c) => c.reasons.includes("comments.changed"));
      assert.deepEqual(change?.storyIds, []);
    });

    test("a refusal shows the form again with what was typed (but never the e-mail), the reason, a 4xx and no-store", async () => {
      const article = await demo.article("en");
      const before = await snapshotComments(demo.database.db);
      const typed = "Too long ".repeat(400);
      const refused = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ name: "Carla", text: typed }),
      );
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.headers["cache-control"], "no-store");
      assert.equal(refused.headers["surrogate-key"], undefined);
      const document = parsePage(refused.body);
      assert.match(
        document.querySelector(".comment-error")?.textContent ?? "",
        /has 3599 characters; the limit is 3000/,
      );
      assert.equal(document.querySelector("#comment-text")?.textContent, typed);
      assert.equal(document.querySelector("#comment-name")?.getAttribute("value"), "Carla");
      assert.ok(!refused.body.includes(SECRET_EMAIL_DOMAIN));
      assert.equal(await snapshotComments(demo.database.db), before);
    });

    test("refusals are in the edition's language", async () => {
      const article = await demo.article("pt");
      const refused = await postForm(demo.app, article.threadPath, commentForm({ name: "", text: "Olá" }));
      assert.equal(refused.statusCode, 400);
      assert.equal(
        parsePage(refused.body).querySelector(".comment-error")?.textContent,
        "Seu comentário não foi publicado. Digite seu nome.",
      );
    });

    test("a held comment is not shown, and the reader is told it awaits a moderator", async () => {
      const article = await demo.article("es");
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ email: `held@${SECRET_EMAIL_DOMAIN}`, text: "Pendiente de revisión." }),
      );
      assert.equal(posted.statusCode, 303);
      assert.match(String(posted.headers.location), /notice=pending/);
      const page = parsePage((await get(String(posted.headers.location))).body);
      assert.equal(
        page.querySelector(".comment-notice")?.textContent,
        "Gracias. Su comentario aparecerá en cuanto un moderador lo apruebe.",
      );
      assert.ok(!visibleText(page).includes("Pendiente de revisión."));
      assert.equal(page.querySelector("#comment-thread-title")?.textContent, "0 comentarios");
    });

    test("times and strings are localized per edition", async () => {
      const article = await demo.article("pt");
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ email: `pt@${SECRET_EMAIL_DOMAIN}`, text: "Comentário em português." }),
      );
      const page = parsePage((await get(String(posted.headers.location))).body);
      const time = page.querySelector(`#comment-${idFrom(posted.headers.location)} time`);
      const expected = new Intl.DateTimeFormat("pt-BR", {
        dateStyle: "long",
        timeStyle: "short",
        timeZone: "America/Sao_Paulo",
      }).format(new Date(time?.getAttribute("datetime") ?? ""));
      assert.equal(time?.textContent, expected);
      assert.equal(page.querySelector(".comment-reply")?.textContent, "Responder");
      assert.equal(page.querySelector("html")?.getAttribute("lang"), "pt-BR");
    });

    test("long threads are paginated by top-level comment, oldest or newest first", async () => {
      const article = await demo.article("pt");
      const now = Date.now();
      await demo.database.db
        .insertInto("comments")
        .values(
          Array.from({ length: 55 }, (_, i) => ({
            articleId: article.id,
            edition: "pt",
            parentId: null,
            status: "approved" as const,
            authorName: `Leitor ${i + 1}`,
            authorEmail: `bulk${i}@${SECRET_EMAIL_DOMAIN}`,
            body: `Comentário ${i + 1}`,
            createdAt: new Date(now - (60 - i) * 60_000).toISOString(),
          })),
        )
        .execute();
      const first = parsePage((await get(article.threadPath)).body);
      assert.equal(first.querySelector(".comment-list > li .comment-author")?.textContent, "Leitor 1");
      assert.equal(first.querySelectorAll(".comment-list > li").length, 50);
      const next = first.querySelector('.pagination a[rel="next"]')?.getAttribute("href");
      assert.equal(next, `${article.threadPath}?page=2`);
      const second = parsePage((await get(next ?? "")).body);
      assert.ok(second.querySelectorAll(".comment-list > li").length >= 5);
      const newest = parsePage((await get(`${article.threadPath}?order=newest`)).body);
      assert.notEqual(newest.querySelector(".comment-list > li .comment-author")?.textContent, "Leitor 1");
      assert.equal((await get(`${article.threadPath}?page=999`)).statusCode, 200);
    });

    test("enough flags from different readers send a comment back to review; one reader counts once", async () => {
      const article = await demo.article("en");
      const posted = await postForm(
        demo.app,
        article.threadPath,
        commentForm({ email: `flagged@${SECRET_EMAIL_DOMAIN}`, text: "A comment some readers dislike." }),
      );
      const id = idFrom(posted.headers.location);
      const flag = (ip: string) =>
        demo.app.inject({
          method: "POST",
          url: `/en/comments/${id}/flag`,
          headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
          payload: "reason=abuse",
        });
      const first = await flag("203.0.113.1");
      assert.equal(first.statusCode, 303);
      assert.match(String(first.headers.location), /notice=flagged/);
      await flag("203.0.113.1");
      await flag("203.0.113.2");
      const row = async () =>
        demo.database.db
          .selectFrom("comments")
          .select(["status", "flagsCount", "reviewReason"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
      assert.deepEqual(await row(), { status: "approved", flagsCount: 2, reviewReason: null });
      await flag("203.0.113.3");
      assert.deepEqual(await row(), { status: "pending", flagsCount: 3, reviewReason: "flagged" });
      assert.ok(!(await get(article.threadPath)).body.includes("A comment some readers dislike."));
      // A comment that is not published cannot be flagged.
      assert.equal((await flag("203.0.113.4")).statusCode, 404);
    });

    test("a form posted from another site is refused", async () => {
      const article = await demo.article("en");
      const refused = await postForm(demo.app, article.threadPath, commentForm({ text: "Cross-site" }), {
        origin: "https://evil.example",
      });
      assert.equal(refused.statusCode, 400);
    });

    test("the e-mail address appears in no page, feed or JSON answer", async () => {
      const urls = new Set<string>([
        "/en/",
        "/pt/",
        "/es/",
        "/en/comments/me",
        "/sitemap.xml",
        "/robots.txt",
      ]);
      for (const edition of ["en", "pt", "es"]) {
        const article = await demo.article(edition);
        urls.add(article.path);
        urls.add(article.threadPath);
        urls.add(`${article.threadPath}?order=newest`);
        urls.add(`/${edition}/comments/count?article=${article.id}`);
        const page = (await get(article.path)).body;
        for (const match of page.matchAll(
          /<link rel="alternate" type="application\/(?:rss|atom)\+xml"[^>]*href="([^"]+)"/g,
        )) {
          if (match[1]) urls.add(match[1].replace(/^https?:\/\/[^/]+/, ""));
        }
      }
      assert.ok(
        [...urls].some((url) => /feed|rss|atom/.test(url)),
        "a feed is among the pages checked",
      );
      const stored = await demo.database.db.selectFrom("comments").select("authorEmail").execute();
      assert.ok(
        stored.some((row) => row.authorEmail.endsWith(SECRET_EMAIL_DOMAIN)),
        "the e-mails are stored",
      );
      for (const url of urls) {
        const response = await get(url, { "x-forwarded-for": nextIp() });
        assert.ok(response.statusCode < 500, url);
        assert.ok(!response.body.includes(SECRET_EMAIL_DOMAIN), `${url} shows an e-mail`);
        assert.ok(!response.body.includes("private-mail"), `${url} shows part of an e-mail`);
      }
    });
  });
}
