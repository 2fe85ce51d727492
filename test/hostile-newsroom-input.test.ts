// Property-based hostile input over the newsroom, signed in, on both databases: whatever a
// signed-in user (or a stolen session) sends to a page, a form or the JSON API, the answer is never
// 5xx and no page shows live markup made of it. Ids out of range, NULs, wrong JSON types included.
//
//   HOSTILE_RUNS=5000 npm test -- test/hostile-newsroom      a longer run (default 300 per database)
//   HOSTILE_SEED=123 npm test -- test/hostile-newsroom       replays the run a failure printed

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { testDatabases } from "./support/databases.ts";
import { type DemoApp, startDemoApp } from "./support/demo-app.ts";
import { KNOWN_BAD, liveMarkup, MARK, q } from "./support/hostile.ts";
import { formBody, type NewsroomSession, signInAs } from "./support/newsroom.ts";

const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
const SEED = process.env.HOSTILE_SEED === undefined ? undefined : Number(process.env.HOSTILE_SEED);

const hostileText = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_BAD) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String) },
);

const EDITIONS = ["en", "pt", "es"];

/** What a JSON body may hold instead of what the API expects. */
const BAD_JSON: unknown[] = [
  "1",
  "x",
  2147483648,
  2 ** 53,
  -1,
  0,
  1.5,
  true,
  null,
  [],
  {},
  ["1"],
  [2147483648],
  [null],
  { id: 1 },
  "\u0000",
  `<script>${MARK}()</script>`,
];

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_JSON) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

interface Known {
  articleId: number;
  storyId: number;
  revisionId: number;
  mediaId: number;
}

type Maker = (v: string, j: unknown, known: Known, edition: string) => InjectOptions;

const json = (method: "POST" | "PUT", url: string, body: unknown): InjectOptions => ({
  method,
  url,
  headers: { "content-type": "application/json" },
  payload: JSON.stringify(body),
});
const form = (url: string, fields: Record<string, string | string[]>): InjectOptions => ({
  method: "POST",
  url,
  headers: { "content-type": "application/x-www-form-urlencoded" },
  payload: formBody(fields),
});

const ROUTES: Record<string, Maker> = {
  "editor page id": (v) => ({ url: `/newsroom/articles/${q(v)}/edit` }),
  "new article page": (v) => ({ url: `/newsroom/articles/new?edition=${q(v)}&story=${q(v)}` }),
  preview: (v) => ({ url: `/newsroom/articles/${q(v)}/preview` }),
  revisions: (v) => ({ url: `/newsroom/articles/${q(v)}/revisions` }),
  "compare revisions": (v, _j, k) => ({
    url: `/newsroom/articles/${k.articleId}/revisions/compare?from=${q(v)}&to=${q(v)}`,
  }),
  "workflow page": (v) => ({ url: `/newsroom/articles/${q(v)}/workflow` }),
  "review queue": (v) => ({ url: `/newsroom/review?page=${q(v)}` }),
  "translation desk": (v) => ({
    url: `/newsroom/translations?edition=${q(v)}&state=${q(v)}&story=${q(v)}`,
  }),
  "media library": (v) => ({ url: `/newsroom/media?q=${q(v)}&before=${q(v)}` }),
  "media page": (v) => ({ url: `/newsroom/media/${q(v)}` }),
  "media API": (v) => ({ url: `/newsroom/api/media?q=${q(v)}&before=${q(v)}&limit=${q(v)}` }),
  "audit log": (v) => ({ url: `/newsroom/audit?before=${q(v)}` }),
  "newsroom search": (v) => ({
    url: `/newsroom/search?q=${q(v)}&edition=${q(v)}&status=${q(v)}&page=${q(v)}`,
  }),
  "comment queue": (v, _j, _k, e) => ({ url: `/newsroom/comments/${e}?tab=${q(v)}&page=${q(v)}` }),
  "comment item": (v) => ({ url: `/newsroom/comments/item/${q(v)}` }),
  "users page": (v) => ({ url: `/newsroom/users?done=${q(v)}` }),
  "API: article": (v) => ({ url: `/newsroom/api/articles/${q(v)}` }),
  "API: slug check": (v, _j, _k, e) => ({
    url: `/newsroom/api/slugs/check?edition=${e}&slug=${q(v)}&articleId=${q(v)}`,
  }),
  "API: tags": (v) => ({ url: `/newsroom/api/tags?edition=${q(v)}&q=${q(v)}` }),
  "API: story search": (v, _j, _k, e) => ({
    url: `/newsroom/api/stories/search?edition=${e}&q=${q(v)}&exclude=${q(v)}`,
  }),
  ...Object.fromEntries(
    [
      "edition",
      "title",
      "slug",
      "summary",
      "body",
      "tagIds",
      "heroMediaId",
      "authorId",
      "sourceId",
      "storyId",
    ].map((field): [string, Maker] => [
      `API: create article, ${field}`,
      (_v, j, _k, e) =>
        json("POST", "/newsroom/api/articles", { edition: e, title: "A hostile test story", [field]: j }),
    ]),
  ),
  "API: create article, anything": (_v, j) => json("POST", "/newsroom/api/articles", j),
  ...Object.fromEntries(
    [
      "baseRevisionId",
      "title",
      "slug",
      "summary",
      "body",
      "tagIds",
      "heroMediaId",
      "authorId",
      "sourceId",
    ].map((field): [string, Maker] => [
      `API: save article, ${field}`,
      (_v, j, k) =>
        json("PUT", `/newsroom/api/articles/${k.articleId}`, {
          baseRevisionId: null,
          title: `A hostile title ${MARK}`,
          [field]: j,
        }),
    ]),
  ),
  "API: save article, anything": (_v, j, k) => json("PUT", `/newsroom/api/articles/${k.articleId}`, j),
  "API: tag suggestions": (_v, j, _k, e) =>
    json("POST", "/newsroom/api/tag-suggestions", { edition: e, title: j, summary: j, body: j, tagIds: j }),
  "API: accept a suggestion": (_v, j) =>
    json("POST", "/newsroom/api/tag-suggestions/accept", { key: j, edition: j }),
  "API: new source": (_v, j) => json("POST", "/newsroom/api/sources", { name: j, shortName: j, url: j }),
  "form: new article": (v, _j, _k, e) =>
    form("/newsroom/articles/new", { edition: e, title: v, summary: v, bodyText: v, storyId: v }),
  "form: save article": (v, _j, k) =>
    form(`/newsroom/articles/${k.articleId}/edit`, {
      baseRevisionId: v,
      title: v,
      slug: v,
      summary: v,
      bodyText: v,
      tagIds: [v],
      heroMediaId: v,
      authorId: v,
    }),
  "form: workflow step": (v, _j, k) =>
    form(`/newsroom/articles/${k.articleId}/workflow/${q(v)}`, { at: v, note: v }),
  "form: schedule": (v, _j, k) => form(`/newsroom/articles/${k.articleId}/workflow/schedule`, { at: v }),
  "form: restore revision": (v, _j, k) =>
    form(`/newsroom/articles/${k.articleId}/revisions/${q(v)}/restore`, {}),
  "form: start a translation": (v, _j, k) =>
    form("/newsroom/translations/start", { storyId: v || String(k.storyId), edition: v }),
  "form: mark translation updated": (v) => form(`/newsroom/translations/${q(v)}/mark-updated`, {}),
  "form: media texts": (v, _j, k) =>
    form(`/newsroom/media/${k.mediaId}`, { credit: v, "caption.en": v, "alt.en": v, "caption.pt": v }),
  "form: invite": (v) => form("/newsroom/users/invite", { email: v, role: v, editions: [v], name: v }),
  "form: change role": (v) => form(`/newsroom/users/${q(v)}/role`, { role: v, editions: [v] }),
  "form: comment bulk": (v, _j, _k, e) => form(`/newsroom/comments/${e}/bulk`, { ids: [v], action: v }),
  "form: comment action": (v) => form(`/newsroom/comments/item/${q(v)}/approve`, { next: v }),
  "form: comment policy": (v, _j, _k, e) =>
    form(`/newsroom/comments/${e}/policy`, { policy: v, closeAfterDays: v }),
  "form: ban": (v) =>
    form(`/newsroom/comments/bans?kind=${q(v)}&fromComment=${q(v)}`, { value: v, days: v, reason: v }),
  "form: change password": (v) =>
    form("/newsroom/change-password", { currentPassword: v, newPassword: v, repeatPassword: v }),
};

for (const database of testDatabases()) {
  describe(`hostile newsroom input on ${database.name}`, () => {
    let demo: DemoApp;
    let admin: NewsroomSession;
    let known: Known;

    before(async () => {
      demo = await startDemoApp(database);
      admin = await signInAs(demo.app, demo.database.db, "admin");
      const db = demo.database.db;
      const article = await db
        .selectFrom("articles")
        .select(["id", "storyId", "revisionId"])
        .where("edition", "=", "en")
        .executeTakeFirstOrThrow();
      const media = await db.selectFrom("media").select("id").executeTakeFirstOrThrow();
      known = {
        articleId: article.id,
        storyId: article.storyId,
        revisionId: article.revisionId ?? 1,
        mediaId: media.id,
      };
    });
    after(() => demo?.close());

    /** One request: never 5xx, never live markup made of what was sent. */
    async function check(name: string, text: string, value: unknown, edition: string): Promise<void> {
      const make = ROUTES[name];
      assert.ok(make);
      const request = make(text, value, known, edition);
      const isForm = String(request.headers?.["content-type"] ?? "").includes("urlencoded");
      const response = await admin.inject({
        ...request,
        headers: { ...request.headers, "x-csrf-token": admin.csrfToken },
        ...(isForm ? { payload: `${request.payload}&_csrf=${encodeURIComponent(admin.csrfToken)}` } : {}),
      });
      const what = `${name}: ${request.method ?? "GET"} ${request.url} ${String(request.payload ?? "").slice(0, 200)}`;
      assert.ok(
        response.statusCode < 500,
        `${what} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
      );
      const live = liveMarkup(response);
      assert.equal(live, null, `${what} answered ${live}`);
    }

    test("every newsroom route answers each known-bad value and JSON type without 5xx", async () => {
      const failures: string[] = [];
      const record = (error: Error) => failures.push(error.message.slice(0, 300));
      for (const name of Object.keys(ROUTES)) {
        for (const [index, text] of KNOWN_BAD.entries()) {
          const edition = EDITIONS[index % EDITIONS.length] ?? "en";
          await check(name, text, text, edition).catch(record);
        }
        for (const [index, value] of BAD_JSON.entries()) {
          await check(name, "1", value, EDITIONS[index % EDITIONS.length] ?? "en").catch(record);
        }
      }
      assert.deepEqual(failures, []);
    });

    test("no newsroom route answers 5xx or shows live markup, whatever a signed-in user sends", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(ROUTES)),
          hostileText,
          hostileJson,
          fc.constantFrom(...EDITIONS),
          check,
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), includeErrorInReport: true },
      );
    });
  });
}
