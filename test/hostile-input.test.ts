// Property-based hostile input over every public route, form and query parameter, on both
// databases: whatever a stranger sends, the answer is never 5xx, no page, feed or JSON carries live
// markup made of what was sent, and a refused request changes nothing stored.
//
//   HOSTILE_RUNS=12500 npm test -- test/hostile-input     a longer run (default 400 per database)
//   HOSTILE_SEED=123 npm test -- test/hostile-input       replays the run a failure printed

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { testDatabases } from "./support/databases.ts";
import { type DemoApp, startDemoApp } from "./support/demo-app.ts";
import { KNOWN_BAD, liveMarkup, MARK, q, raw } from "./support/hostile.ts";
import { parsePage } from "./support/html.ts";
import { cookiesFrom, csrfTokenIn, formBody } from "./support/newsroom.ts";

const RUNS = Number(process.env.HOSTILE_RUNS ?? 400);
const SEED = process.env.HOSTILE_SEED === undefined ? undefined : Number(process.env.HOSTILE_SEED);

const hostile = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_BAD) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...KNOWN_BAD), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
  },
);

/** The places the demo gives real values for, so routes get past their first lookup. */
interface Known {
  articlePath: string;
  tagSlug: string;
  authorSlug: string;
  articleId: number;
  newsroomCookie: string;
  newsroomCsrf: string;
}

type RequestMaker = (value: string, known: Known, edition: string) => InjectOptions;

const form = (fields: Record<string, string>) => ({
  headers: { "content-type": "application/x-www-form-urlencoded" },
  payload: formBody(fields),
});

/** Every public route with the parameter that gets the hostile value. */
const ROUTES: Record<string, RequestMaker> = {
  "front page query": (v, _k, e) => ({ url: `/${e}/?page=${q(v)}` }),
  "any path in an edition": (v, _k, e) => ({ url: `/${e}/${raw(v)}` }),
  "any path": (v) => ({ url: `/${raw(v)}` }),
  "article slug": (v, k) => ({ url: `${k.articlePath.replace(/[^/]+$/, "")}${raw(v)}` }),
  "article query": (v, k) => ({ url: `${k.articlePath}?utm_source=${q(v)}` }),
  "tag archive slug": (v, _k, e) => ({ url: `/${e}/tag/${raw(v)}` }),
  "tag archive cursor": (v, k, e) => ({ url: `/${e}/tag/${k.tagSlug}?before=${q(v)}` }),
  "tag archive cursor, id part": (v, k, e) => ({
    url: `/${e}/tag/${k.tagSlug}?before=${q(`2026-01-01T00:00:00.000Z_${v}`)}`,
  }),
  "author archive cursor": (v, k, e) => ({ url: `/${e}/author/${k.authorSlug}?before=${q(v)}` }),
  "author archive cursor, id part": (v, k, e) => ({
    url: `/${e}/author/${k.authorSlug}?before=${q(`2026-01-01T00:00:00.000Z_${v}`)}`,
  }),
  "month archive cursor": (v, _k, e) => ({ url: `/${e}/2026/01/?before=${q(v)}` }),
  "day archive cursor, id part": (v, _k, e) => ({
    url: `/${e}/2026/01/15/?before=${q(`2026-01-01T00:00:00.000Z_${v}`)}`,
  }),
  "date archive path": (v, _k, e) => ({ url: `/${e}/${raw(v)}/01/` }),
  "search query": (v, _k, e) => ({ url: `/${e}/search?q=${q(v)}` }),
  "search filters": (v, _k, e) => ({
    url: `/${e}/search?q=iran&tag=${q(v)}&from=${q(v)}&to=${q(v)}&page=${q(v)}`,
  }),
  "edition feed": (v, _k, e) => ({ url: `/${e}/feed.xml?x=${q(v)}` }),
  "tag feed": (v, _k, e) => ({ url: `/${e}/tag/${raw(v)}/atom.xml` }),
  "comment thread query": (v, k) => ({
    url: `${k.articlePath}/comments?order=${q(v)}&page=${q(v)}&reply=${q(v)}&notice=${q(v)}`,
  }),
  "comment count": (v, _k, e) => ({ url: `/${e}/comments/count?article=${q(v)}` }),
  "comment sign-in page": (v, _k, e) => ({ url: `/${e}/comments/sign-in?return=${q(v)}` }),
  "comment verify page": (v, _k, e) => ({ url: `/${e}/comments/verify?token=${q(v)}` }),
  "reader's own page": (v, _k, e) => ({ url: `/${e}/comments/me?x=${q(v)}` }),
  sitemap: (v) => ({ url: `/sitemaps/${raw(v)}` }),
  "sitemap index": (v) => ({ url: `/sitemap.xml?x=${q(v)}` }),
  media: (v) => ({ url: `/media/${raw(v)}` }),
  "newsroom sign-in page": (v) => ({ url: `/newsroom/sign-in?next=${q(v)}` }),
  "newsroom invitation page": (v) => ({ url: `/newsroom/invitations/${raw(v)}` }),
  "post a comment: text": (v, k) => ({
    method: "POST",
    url: `${k.articlePath}/comments`,
    ...form({ name: "Hostile reader", email: "reader@example.org", text: v, parent: "", website: "" }),
  }),
  "post a comment: name, e-mail, parent": (v, k) => ({
    method: "POST",
    url: `${k.articlePath}/comments`,
    ...form({ name: v, email: v, text: `A fair point ${MARK}`, parent: v, website: "" }),
  }),
  "post a comment: honeypot": (v, k) => ({
    method: "POST",
    url: `${k.articlePath}/comments`,
    ...form({ name: "Robot", email: "robot@example.org", text: "Buy now", parent: "", website: v }),
  }),
  "post a comment: body of another type": (v, k) => ({
    method: "POST",
    url: `${k.articlePath}/comments`,
    headers: {
      "content-type": v.length < 100 ? `application/${v.replace(/[^\x20-\x7e]/g, "")}` : "text/xml",
    },
    payload: v,
  }),
  "post a comment as JSON": (v, k) => ({
    method: "POST",
    url: `${k.articlePath}/comments`,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({ name: v, email: v, text: v, website: "" }),
  }),
  "flag a comment: id": (v, _k, e) => ({
    method: "POST",
    url: `/${e}/comments/${raw(v)}/flag`,
    ...form({ reason: "spam" }),
  }),
  "flag a comment: reason": (v, _k, e) => ({
    method: "POST",
    url: `/${e}/comments/1/flag`,
    ...form({ reason: v }),
  }),
  "comment sign-in form": (v, _k, e) => ({
    method: "POST",
    url: `/${e}/comments/sign-in`,
    ...form({ email: v, return: v }),
  }),
  "comment verify form": (v, _k, e) => ({
    method: "POST",
    url: `/${e}/comments/verify`,
    ...form({ token: v }),
  }),
  "comment sign-out": (v, _k, e) => ({
    method: "POST",
    url: `/${e}/comments/sign-out?return=${q(v)}`,
    ...form({}),
  }),
  "newsroom sign-in form": (v, k) => ({
    method: "POST",
    url: `/newsroom/sign-in`,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: k.newsroomCookie },
    payload: formBody({ _csrf: k.newsroomCsrf, email: v, password: v, next: v }),
  }),
  "newsroom sign-in as JSON": (v, k) => ({
    method: "POST",
    url: `/newsroom/sign-in`,
    headers: { "content-type": "application/json", cookie: k.newsroomCookie, "x-csrf-token": k.newsroomCsrf },
    payload: JSON.stringify({ email: v, password: [v], next: { v } }),
  }),
  "newsroom invitation form": (v, k) => ({
    method: "POST",
    url: `/newsroom/invitations/${raw(v)}`,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: k.newsroomCookie },
    payload: formBody({ _csrf: k.newsroomCsrf, name: v, password: v, confirm: v }),
  }),
};

/** Tables whose rows a refused request must leave as they were, with what tells a change. */
const STORED = [
  "stories",
  "articles",
  "article_revisions",
  "comments",
  "comment_flags",
  "tags",
  "tag_names",
  "media",
  "users",
  "authors",
  "sources",
];

async function storedState(demo: DemoApp): Promise<string> {
  const counts = await Promise.all(
    STORED.map(async (table) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
        demo.database.db,
      );
      return `${table}=${Number(rows[0]?.n)}`;
    }),
  );
  const comments = await demo.database.db
    .selectFrom("comments")
    .select(["id", "status", "flagsCount", "body"])
    .orderBy("id")
    .execute();
  return [...counts, JSON.stringify(comments)].join(" ");
}

for (const database of testDatabases()) {
  describe(`hostile input on ${database.name}`, () => {
    let demo: DemoApp;
    let known: Known;

    before(async () => {
      // Open threads, so what strangers post is shown (and checked) on the thread pages at once.
      demo = await startDemoApp(database, { COMMENT_POLICY: "open" });
      const front = parsePage((await demo.app.inject("/en/")).body);
      const hrefOf = (selector: string) => {
        const href = front.querySelector(selector)?.getAttribute("href");
        assert.ok(href, `the demo front page links ${selector}`);
        return new URL(href, "http://tribune.test").pathname;
      };
      const articlePath = hrefOf('main a[href*="/20"]');
      const articlePage = parsePage((await demo.app.inject(articlePath)).body);
      const authorHref = articlePage.querySelector('a[href*="/author/"]')?.getAttribute("href") ?? "";
      const tagHref = articlePage.querySelector('a[href*="/tag/"]')?.getAttribute("href") ?? "";
      const article = await demo.database.db
        .selectFrom("articles")
        .select("id")
        .where("edition", "=", "en")
        .where("status", "=", "published")
        .executeTakeFirstOrThrow();
      const signInPage = await demo.app.inject("/newsroom/sign-in");
      const cookies = cookiesFrom(signInPage);
      known = {
        articlePath,
        tagSlug: /\/tag\/([^/?#]+)/.exec(tagHref)?.[1] ?? "news",
        authorSlug: /\/author\/([^/?#]+)/.exec(authorHref)?.[1] ?? "nobody",
        articleId: article.id,
        newsroomCookie: Object.entries(cookies)
          .map(([name, value]) => `${name}=${value}`)
          .join("; "),
        newsroomCsrf: csrfTokenIn(signInPage.body),
      };
    });
    after(() => demo?.close());

    /** One request: never 5xx, no live markup, nothing stored changed when refused. */
    async function check(name: string, value: string, edition: string): Promise<void> {
      const make = ROUTES[name];
      assert.ok(make);
      const request = make(value, known, edition);
      // Reading must never store anything: checked around each POST here, and around all the GETs
      // of the sweep at once (a state per request would double the test's time).
      const isPost = request.method === "POST";
      const before = isPost ? await storedState(demo) : "";
      const response = await demo.app.inject(request);
      const what = `${name}: ${request.method ?? "GET"} ${request.url}`;
      assert.ok(
        response.statusCode < 500,
        `${what} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
      );
      const live = liveMarkup(response);
      assert.equal(live, null, `${what} answered ${live}`);
      if (isPost && response.statusCode >= 400) {
        assert.equal(
          await storedState(demo),
          before,
          `${what} was refused (${response.statusCode}) but changed what is stored`,
        );
      }
      // What was stored is shown too: the thread page must stay inert.
      if ((request.method ?? "GET") === "POST" && response.statusCode < 400) {
        const thread = await demo.app.inject(`${known.articlePath}/comments?order=newest`);
        assert.ok(thread.statusCode < 500, `the thread after ${what} answered ${thread.statusCode}`);
        assert.equal(liveMarkup(thread), null, `the thread after ${what} shows live markup`);
      }
    }

    test("every public route answers each known-bad value without 5xx, live markup or a stored change", async () => {
      const failures: string[] = [];
      const sweep = async (names: string[]) => {
        for (const name of names) {
          for (const [index, value] of KNOWN_BAD.entries()) {
            await check(name, value, ["en", "pt", "es"][index % 3] ?? "en").catch((error: Error) =>
              failures.push(error.message.slice(0, 300)),
            );
          }
        }
      };
      const names = Object.keys(ROUTES);
      const isRead = (name: string) => ROUTES[name]?.("", known, "en").method === undefined;
      const stateBeforeReads = await storedState(demo);
      await sweep(names.filter(isRead));
      assert.equal(await storedState(demo), stateBeforeReads, "reading pages changed what is stored");
      await sweep(names.filter((name) => !isRead(name)));
      assert.deepEqual(failures, []);
    });

    test("no public route answers 5xx or live markup, and refused requests change nothing", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(ROUTES)),
          hostile,
          fc.constantFrom("en", "pt", "es"),
          check,
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), includeErrorInReport: true },
      );
    });
  });
}
