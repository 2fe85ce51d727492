import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import { AccessTokenService } from "../../accounts/access-token-service.ts";
import type { Role } from "../../accounts/authorization/roles.ts";
import type { ArticleStatus } from "../../db/schema.ts";
import { createDraft, moveTo, readerPath } from "../../newsroom/workflow/workflow-test-support.ts";
import { PROBLEM_TYPE } from "../problem.ts";

const ROLES: Role[] = ["contributor", "translator", "editor", "admin"];

type Move = "submit" | "schedule" | "publish" | "unpublish";

/** Who may make each move through the API: the newsroom's matrix (workflow-http.test.ts). */
const MOVES: { move: Move; from: ArticleStatus; to: ArticleStatus; allowed: Role[]; refusal: RegExp }[] = [
  {
    move: "submit",
    from: "draft",
    to: "review",
    allowed: ["contributor", "editor", "admin"],
    refusal:
      /A translator may submit articles for review only in their assigned editions \(pt\), not in "en"/,
  },
  {
    move: "publish",
    from: "review",
    to: "published",
    allowed: ["editor", "admin"],
    refusal: /may not publish articles/,
  },
  {
    move: "schedule",
    from: "review",
    to: "scheduled",
    allowed: ["editor", "admin"],
    refusal: /may not schedule articles/,
  },
  {
    move: "unpublish",
    from: "published",
    to: "unpublished",
    allowed: ["editor", "admin"],
    refusal: /may not unpublish articles/,
  },
];

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 400, channels: 3, background: "#2a6f97" } })
    .jpeg()
    .toBuffer();
}

function multipart(file: Buffer, fields: Record<string, string> = {}) {
  const boundary = "----tribune-test-boundary";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="harbour.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const database of testDatabases()) {
  describe(`the admin API on ${database.name}`, () => {
    let demo: DemoApp;
    let tokens: Record<Role, string>;
    let userIds: Record<Role, number>;
    let spanishTranslator: string;

    const db = () => demo.database.db;
    const adminActor = () => ({ id: userIds.admin, role: "admin" as const, editions: [] });

    /** One request with a bearer token (or none, or the raw header given). */
    const call = (
      token: string | null,
      method: "GET" | "POST" | "PATCH",
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      demo.app.inject({
        method,
        url,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
      });

    /** What the API may never change by refusing: counts of every table a write touches. */
    const snapshot = async () => {
      const count = async (
        table: "articles" | "articleRevisions" | "stories" | "tags" | "media" | "auditLog",
      ) =>
        Number(
          (
            await db()
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const articles = await db()
        .selectFrom("articles")
        .select(["id", "status", "revisionId"])
        .orderBy("id")
        .execute();
      return {
        articles: await count("articles"),
        revisions: await count("articleRevisions"),
        stories: await count("stories"),
        tags: await count("tags"),
        media: await count("media"),
        audit: await count("auditLog"),
        states: JSON.stringify(articles),
      };
    };

    before(async () => {
      // The page cache on, as in production: API writes must purge what they change.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      const service = new AccessTokenService(db());
      tokens = {} as Record<Role, string>;
      userIds = {} as Record<Role, number>;
      for (const role of ROLES) {
        const user = await createTestUser(db(), role);
        userIds[role] = user.id;
        tokens[role] = (
          await service.create(user.id, { name: role }, { actorUserId: null, via: "test" })
        ).token;
      }
      const es = await createTestUser(db(), "translator", { editions: ["es"] });
      spanishTranslator = (await service.create(es.id, {}, { actorUserId: null, via: "test" })).token;
    });
    after(() => demo.close());

    test("documents bearer authentication on every admin operation", async () => {
      const document = (await demo.app.inject("/api/openapi.json")).json();
      assert.deepEqual(document.components.securitySchemes.bearerAuth, {
        type: "http",
        scheme: "bearer",
        description: document.components.securitySchemes.bearerAuth.description,
      });
      const admin = Object.entries(
        document.paths as Record<
          string,
          Record<string, { tags?: string[]; security?: unknown; operationId?: string }>
        >,
      )
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
        .filter(({ op }) => op.tags?.includes("admin"));
      assert.ok(admin.length >= 12, `only ${admin.length} admin operations`);
      for (const { path, method, op } of admin) {
        assert.deepEqual(op.security, [{ bearerAuth: [] }], `${method} ${path}`);
      }
      assert.ok(admin.some(({ op }) => op.operationId === "uploadMedia"));
    });

    test("refuses a missing, malformed, unknown, revoked or expired token with 401 and a Bearer challenge", async () => {
      const service = new AccessTokenService(db());
      const user = await createTestUser(db(), "editor");
      const revoked = await service.create(user.id, {}, { actorUserId: null, via: "test" });
      await service.revoke(revoked.record.id, null, { actorUserId: null, via: "test" });
      const expired = await service.create(user.id, { expiresDays: 1 }, { actorUserId: null, via: "test" });
      await db()
        .updateTable("accessTokens")
        .set({ expiresAt: "2020-01-01T00:00:00.000Z" })
        .where("id", "=", expired.record.id)
        .execute();
      const cases: [string | null, Record<string, string>, RegExp][] = [
        [null, {}, /needs a personal access token/],
        [null, { authorization: "Basic YWRtaW46YWRtaW4=" }, /not a Tribune access token/],
        ["trb_short", {}, /not a Tribune access token/],
        [`trb_${"A".repeat(43)}`, {}, /not valid/],
        [revoked.token, {}, /revoked/],
        [expired.token, {}, /expired/],
      ];
      const before = await snapshot();
      for (const [token, headers, message] of cases) {
        const response = await call(
          token,
          "POST",
          "/api/v1/stories",
          { edition: "en", title: "Nope" },
          headers,
        );
        assert.equal(response.statusCode, 401, `${token}: ${response.body}`);
        assert.equal(response.headers["content-type"], PROBLEM_TYPE);
        assert.match(String(response.headers["www-authenticate"]), /^Bearer realm="tribune"/);
        assert.match(response.json().detail, message);
      }
      assert.deepEqual(await snapshot(), before);
    });

    test("stops a disabled user's token at once", async () => {
      const service = new AccessTokenService(db());
      const user = await createTestUser(db(), "editor");
      const { token } = await service.create(user.id, {}, { actorUserId: null, via: "test" });
      const article = await createDraft(db(), null);
      assert.equal((await call(token, "GET", `/api/v1/admin/articles/${article.id}`)).statusCode, 200);
      await db()
        .updateTable("users")
        .set({ disabledAt: new Date().toISOString() })
        .where("id", "=", user.id)
        .execute();
      const response = await call(token, "GET", `/api/v1/admin/articles/${article.id}`);
      assert.equal(response.statusCode, 401);
      assert.match(response.json().detail, /disabled/);
    });

    test("creates a story, adds its translation, edits with If-Match and publishes both", async () => {
      const created = await call(tokens.editor, "POST", "/api/v1/stories", {
        edition: "en",
        title: "Harbour reopens after the storm",
        dek: "Ferries run again from Monday.",
        body: "The harbour reopened on Monday.\n\nFerries resumed at dawn.",
        tags: [],
      });
      assert.equal(created.statusCode, 201, created.body);
      const article = created.json();
      assert.equal(created.headers.location, `/api/v1/admin/articles/${article.id}`);
      assert.equal(created.headers.etag, `"${article.version}"`);
      assert.equal(article.status, "draft");
      assert.equal(article.body.content.length, 2);

      const read = await call(tokens.editor, "GET", String(created.headers.location));
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().title, "Harbour reopens after the storm");

      const withoutIfMatch = await call(tokens.editor, "PATCH", `/api/v1/articles/${article.id}`, {
        title: "X",
      });
      assert.equal(withoutIfMatch.statusCode, 428);
      assert.equal(withoutIfMatch.json().code, "PRECONDITION_REQUIRED");

      const edited = await call(
        tokens.editor,
        "PATCH",
        `/api/v1/articles/${article.id}`,
        { title: "Harbour reopens after the great storm" },
        { "if-match": `"${article.version}"` },
      );
      assert.equal(edited.statusCode, 200, edited.body);
      assert.notEqual(edited.json().version, article.version);
      assert.equal(edited.headers.etag, `"${edited.json().version}"`);

      const stale = await call(
        tokens.editor,
        "PATCH",
        `/api/v1/articles/${article.id}`,
        { title: "Overwriting blindly" },
        { "if-match": `"${article.version}"` },
      );
      assert.equal(stale.statusCode, 412, stale.body);
      assert.equal(stale.json().code, "EDIT_CONFLICT");
      assert.equal(
        (await call(tokens.editor, "GET", `/api/v1/admin/articles/${article.id}`)).json().title,
        "Harbour reopens after the great storm",
      );

      // A translator reaches a story once it is published, as in the newsroom.
      const early = await call(tokens.translator, "POST", `/api/v1/stories/${article.storyId}/articles`, {
        edition: "pt",
        title: "Cedo demais",
      });
      assert.equal(early.statusCode, 403);
      const publishedOriginal = await call(tokens.editor, "POST", `/api/v1/articles/${article.id}/publish`);
      assert.equal(publishedOriginal.statusCode, 200, publishedOriginal.body);
      assert.equal(publishedOriginal.json().status, "published");
      const translated = await call(
        tokens.translator,
        "POST",
        `/api/v1/stories/${article.storyId}/articles`,
        {
          edition: "pt",
          title: "Porto reabre depois da tempestade",
          body: "O porto reabriu na segunda-feira.",
        },
      );
      assert.equal(translated.statusCode, 201, translated.body);
      const translation = translated.json();
      assert.equal(translation.edition, "pt");
      assert.equal(translation.originalEdition, "en");
      assert.equal(translation.title, "Porto reabre depois da tempestade");

      const publishedTranslation = await call(
        tokens.editor,
        "POST",
        `/api/v1/articles/${translation.id}/publish`,
      );
      assert.equal(publishedTranslation.statusCode, 200, publishedTranslation.body);
      assert.equal(publishedTranslation.json().status, "published");
      const audit = await db()
        .selectFrom("auditLog")
        .select("action")
        .where("actorUserId", "=", userIds.editor)
        .where("action", "=", "article.publish")
        .execute();
      assert.equal(audit.length, 2);
    });

    test("uploads a JPEG with its variants and sets it as the hero with a caption", async () => {
      const { payload, contentType } = multipart(await jpeg(), { credit: "Ana Lopes" });
      const upload = await demo.app.inject({
        method: "POST",
        url: "/api/v1/media",
        headers: { authorization: `Bearer ${tokens.contributor}`, "content-type": contentType },
        payload,
      });
      assert.equal(upload.statusCode, 201, upload.body);
      const media = upload.json();
      assert.equal(media.credit, "Ana Lopes");
      assert.ok(media.variants.length >= 2);
      assert.ok(
        media.variants.some(
          (v: { format: string; url: string }) => v.format === "jpeg" && v.url.startsWith("/media/"),
        ),
      );

      const refused = await demo.app.inject({
        method: "POST",
        url: "/api/v1/media",
        headers: { authorization: `Bearer ${tokens.translator}`, "content-type": contentType },
        payload,
      });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().detail, /A translator may not upload media/);

      const draft = await createDraft(db(), userIds.contributor);
      const own = (await call(tokens.contributor, "GET", `/api/v1/admin/articles/${draft.id}`)).json();
      const hero = await call(
        tokens.contributor,
        "PATCH",
        `/api/v1/articles/${draft.id}`,
        { heroMediaId: media.id, caption: "The harbour at dawn." },
        { "if-match": `"${own.version}"` },
      );
      assert.equal(hero.statusCode, 200, hero.body);
      assert.equal(hero.json().heroMediaId, media.id);
      assert.equal(hero.json().caption, "The harbour at dawn.");
    });

    for (const { move, from, to, allowed, refusal } of MOVES) {
      for (const role of ROLES) {
        const may = allowed.includes(role);
        test(`${may ? "lets" : "refuses"} a ${role} ${move} an article that is ${from}, as the newsroom does`, async () => {
          const article = await moveTo(
            db(),
            adminActor(),
            await createDraft(db(), userIds.contributor),
            from,
          );
          const before = await snapshot();
          const at = new Date(Date.now() + 86_400_000).toISOString();
          const response = await call(
            tokens[role],
            "POST",
            `/api/v1/articles/${article.id}/${move}`,
            move === "schedule" ? { at } : undefined,
          );
          const status = (
            await db()
              .selectFrom("articles")
              .select("status")
              .where("id", "=", article.id)
              .executeTakeFirstOrThrow()
          ).status;
          if (may) {
            assert.equal(response.statusCode, 200, response.body);
            assert.equal(response.json().status, to);
            assert.equal(status, to);
          } else {
            assert.equal(response.statusCode, 403, response.body);
            assert.equal(response.headers["content-type"], PROBLEM_TYPE);
            assert.match(response.json().detail, refusal);
            assert.equal(status, from);
            assert.deepEqual(await snapshot(), before);
          }
        });
      }
    }

    /** Each other action through the API, with the newsroom's rule for each role. */
    const ACTIONS: {
      action: string;
      allowed: Role[];
      refusal: RegExp;
      /** What the action is done to, made before the "nothing changed" snapshot. */
      prepare?: () => Promise<{ id: number; storyId: number; revisionId: number | null }>;
      run: (
        role: Role,
        target: { id: number; storyId: number; revisionId: number | null },
      ) => Promise<{ statusCode: number; body: string }>;
    }[] = [
      {
        action: "create a story",
        allowed: ["contributor", "editor", "admin"],
        refusal: /A translator may not create articles/,
        run: (role) =>
          call(tokens[role], "POST", "/api/v1/stories", { edition: "en", title: `By a ${role}` }),
      },
      {
        action: "translate a published story into pt",
        allowed: ["translator", "editor", "admin"],
        refusal: /A contributor may not start translations/,
        prepare: async () => moveTo(db(), adminActor(), await createDraft(db(), null), "published"),
        run: (role, original) =>
          call(tokens[role], "POST", `/api/v1/stories/${original.storyId}/articles`, {
            edition: "pt",
            title: `Traduzido por ${role}`,
          }),
      },
      {
        action: "edit another writer's draft",
        allowed: ["editor", "admin"],
        refusal: /may (not edit|edit articles only if they are their own drafts|edit translations only)/,
        prepare: () => createDraft(db(), userIds.editor),
        run: (role, draft) =>
          call(
            tokens[role],
            "PATCH",
            `/api/v1/articles/${draft.id}`,
            { title: "Changed" },
            { "if-match": `"${draft.revisionId}"` },
          ),
      },
      {
        action: "create a tag",
        allowed: ["editor", "admin"],
        refusal: /may not create tags/,
        run: (role) =>
          call(tokens[role], "POST", "/api/v1/tags", { kind: "topic", names: { en: `Topic of ${role}` } }),
      },
      {
        action: "open the comment queue",
        allowed: ["editor", "admin"],
        refusal: /may not moderate comments/,
        run: (role) => call(tokens[role], "GET", "/api/v1/admin/comments?status=pending"),
      },
    ];
    for (const { action, allowed, refusal, prepare, run } of ACTIONS) {
      for (const role of ROLES) {
        const may = allowed.includes(role);
        test(`${may ? "lets" : "refuses"} a ${role} ${action} through the API, as the newsroom does`, async () => {
          const target = (await prepare?.()) ?? { id: 0, storyId: 0, revisionId: null };
          const before = await snapshot();
          const response = await run(role, target);
          if (may) {
            assert.ok(response.statusCode === 200 || response.statusCode === 201, response.body);
            return;
          }
          assert.equal(response.statusCode, 403, response.body);
          assert.match(JSON.parse(response.body).detail, refusal);
          assert.deepEqual(await snapshot(), before);
        });
      }
    }

    test("purges the reader page an API edit changes, as a newsroom edit does", async () => {
      const article = await moveTo(db(), adminActor(), await createDraft(db(), null), "published");
      const edition = demo.config.editions.find((candidate) => candidate.code === "en");
      assert.ok(edition);
      const path = readerPath(demo.config.publicUrl, edition, article);
      const first = await demo.app.inject(path);
      assert.equal(first.statusCode, 200);
      assert.ok(first.body.includes(article.title));
      const cached = await demo.app.inject(path);
      assert.equal(cached.body, first.body);
      const edited = await call(
        tokens.editor,
        "PATCH",
        `/api/v1/articles/${article.id}`,
        { title: "A title changed through the API" },
        { "if-match": `"${article.revisionId}"` },
      );
      assert.equal(edited.statusCode, 200, edited.body);
      const after = await demo.app.inject(path);
      assert.ok(after.body.includes("A title changed through the API"));
      const audit = await db()
        .selectFrom("auditLog")
        .select("action")
        .where("subjectId", "=", String(article.id))
        .where("action", "=", "article.editLive")
        .execute();
      assert.equal(audit.length, 1);
    });

    test("lets only editors and admins create stories' tags, and rename them per edition", async () => {
      const refused = await call(tokens.contributor, "POST", "/api/v1/tags", {
        kind: "topic",
        names: { en: "Ferries" },
      });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().detail, /A contributor may not create tags/);
      const created = await call(tokens.editor, "POST", "/api/v1/tags", {
        kind: "topic",
        names: { en: "Ferries", pt: "Balsas" },
      });
      assert.equal(created.statusCode, 201, created.body);
      const tag = created.json();
      assert.equal(tag.key, "ferries");
      assert.equal(tag.names.pt.name, "Balsas");
      const renamed = await call(tokens.admin, "PATCH", `/api/v1/tags/${tag.key}`, {
        names: { pt: { name: "Ferries" } },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().names.pt.name, "Ferries");
      assert.equal(renamed.json().names.en.name, "Ferries");
      assert.equal(
        (await call(tokens.admin, "PATCH", "/api/v1/tags/no-such-tag", { names: { en: { name: "X" } } }))
          .statusCode,
        404,
      );

      const draft = await createDraft(db(), null);
      const current = (await call(tokens.editor, "GET", `/api/v1/admin/articles/${draft.id}`)).json();
      const tagged = await call(
        tokens.editor,
        "PATCH",
        `/api/v1/articles/${draft.id}`,
        { tags: ["ferries"] },
        { "if-match": `"${current.version}"` },
      );
      assert.equal(tagged.statusCode, 200, tagged.body);
      assert.deepEqual(tagged.json().tags, ["ferries"]);
    });

    test("lists pending comments and approves or rejects them for editors only", async () => {
      const [article] = await db()
        .selectFrom("articles")
        .select(["id", "edition"])
        .where("status", "=", "published")
        .where("edition", "=", "en")
        .limit(1)
        .execute();
      assert.ok(article);
      const insert = (body: string) =>
        db()
          .insertInto("comments")
          .values({
            articleId: article.id,
            parentId: null,
            status: "pending",
            authorName: "Reader",
            authorEmail: "reader@example.org",
            body,
            createdAt: new Date().toISOString(),
            edition: "en",
            rootId: null,
            emailHash: "hash",
            ipHash: null,
            fingerprint: body,
            reviewReason: null,
            editedAt: null,
            moderatedAt: null,
            moderatedByUserId: null,
            verifiedReaderId: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
      const first = await insert("A first comment to approve");
      const second = await insert("A second comment to reject");
      const refused = await call(tokens.contributor, "GET", "/api/v1/admin/comments?status=pending");
      assert.equal(refused.statusCode, 403);
      const listed = await call(tokens.editor, "GET", "/api/v1/admin/comments?status=pending&edition=en");
      assert.equal(listed.statusCode, 200, listed.body);
      const ids = listed.json().comments.map((c: { id: number }) => c.id);
      assert.ok(ids.includes(first.id) && ids.includes(second.id));
      assert.equal(
        (await call(tokens.translator, "POST", `/api/v1/comments/${first.id}/approve`)).statusCode,
        403,
      );
      const approved = await call(tokens.editor, "POST", `/api/v1/comments/${first.id}/approve`);
      assert.deepEqual(approved.json(), { id: first.id, status: "approved" });
      const rejected = await call(tokens.admin, "POST", `/api/v1/comments/${second.id}/reject`);
      assert.deepEqual(rejected.json(), { id: second.id, status: "rejected" });
      assert.equal((await call(tokens.admin, "POST", "/api/v1/comments/99999999/approve")).statusCode, 404);
    });

    test("answers hostile requests with 4xx problems and changes nothing", async () => {
      const draft = await createDraft(db(), userIds.contributor);
      const published = await moveTo(
        db(),
        adminActor(),
        await createDraft(db(), userIds.contributor),
        "published",
      );
      const version = (await call(tokens.editor, "GET", `/api/v1/admin/articles/${draft.id}`)).json().version;
      const existingTag = (
        await db().selectFrom("tags").select("key").orderBy("id").executeTakeFirstOrThrow()
      ).key;
      const huge = JSON.stringify({ edition: "en", title: "Big", body: "x".repeat(2 * 1024 * 1024) });
      const cases: [
        string,
        string | null,
        "GET" | "POST" | "PATCH",
        string,
        unknown,
        Record<string, string>,
      ][] = [
        ["wrong types", tokens.editor, "POST", "/api/v1/stories", { edition: 5, title: ["x"] }, {}],
        [
          "unknown field",
          tokens.editor,
          "POST",
          "/api/v1/stories",
          { edition: "en", title: "T", owner: 1 },
          {},
        ],
        ["unknown edition", tokens.editor, "POST", "/api/v1/stories", { edition: "xx", title: "T" }, {}],
        [
          "unknown tag",
          tokens.editor,
          "POST",
          "/api/v1/stories",
          { edition: "en", title: "T", tags: ["nope"] },
          {},
        ],
        [
          "bad body document",
          tokens.editor,
          "POST",
          "/api/v1/stories",
          { edition: "en", title: "T", body: { type: "doc", content: [{ type: "script" }] } },
          {},
        ],
        ["2 MB of JSON", tokens.editor, "POST", "/api/v1/stories", huge, {}],
        ["not JSON", tokens.editor, "POST", "/api/v1/stories", "{not json", {}],
        [
          "NUL in a title",
          tokens.editor,
          "POST",
          "/api/v1/stories",
          { edition: "en", title: "a\u0000b" },
          {},
        ],
        [
          "a contributor publishing",
          tokens.contributor,
          "POST",
          `/api/v1/articles/${draft.id}/publish`,
          undefined,
          {},
        ],
        [
          "a translator editing an original",
          tokens.translator,
          "PATCH",
          `/api/v1/articles/${draft.id}`,
          { title: "Mine" },
          { "if-match": `"${version}"` },
        ],
        [
          "a translator in another edition",
          spanishTranslator,
          "POST",
          `/api/v1/stories/${published.storyId}/articles`,
          { edition: "pt", title: "Tradução" },
          {},
        ],
        [
          "a contributor editing someone else's",
          tokens.contributor,
          "PATCH",
          `/api/v1/articles/${published.id}`,
          { title: "Mine" },
          { "if-match": `"${published.revisionId}"` },
        ],
        [
          "a bad If-Match",
          tokens.editor,
          "PATCH",
          `/api/v1/articles/${draft.id}`,
          { title: "T" },
          { "if-match": "*" },
        ],
        [
          "an empty change",
          tokens.editor,
          "PATCH",
          `/api/v1/articles/${draft.id}`,
          {},
          { "if-match": `"${version}"` },
        ],
        [
          "an article id out of range",
          tokens.editor,
          "GET",
          "/api/v1/admin/articles/99999999999",
          undefined,
          {},
        ],
        ["an unknown article", tokens.editor, "GET", "/api/v1/admin/articles/99999", undefined, {}],
        [
          "a schedule in the past",
          tokens.editor,
          "POST",
          `/api/v1/articles/${draft.id}/schedule`,
          { at: "2001-01-01T00:00:00Z" },
          {},
        ],
        [
          "a schedule that is no time",
          tokens.editor,
          "POST",
          `/api/v1/articles/${draft.id}/schedule`,
          { at: "soon" },
          {},
        ],
        [
          "a translation whose figure shows no picture",
          tokens.editor,
          "POST",
          `/api/v1/stories/${published.storyId}/articles`,
          {
            edition: "es",
            title: "Traducción",
            body: { type: "doc", content: [{ type: "figure", attrs: { mediaId: 999999 } }] },
          },
          {},
        ],
        [
          "a translation of no story",
          tokens.editor,
          "POST",
          "/api/v1/stories/99999/articles",
          { edition: "pt", title: "T" },
          {},
        ],
        [
          "a translation in the original's edition",
          tokens.editor,
          "POST",
          `/api/v1/stories/${published.storyId}/articles`,
          { edition: "en", title: "T" },
          {},
        ],
        ["JSON to the upload", tokens.editor, "POST", "/api/v1/media", { file: "x" }, {}],
        ["a tag with no name", tokens.editor, "POST", "/api/v1/tags", { kind: "topic", names: {} }, {}],
        [
          "a tag of no kind",
          tokens.editor,
          "POST",
          "/api/v1/tags",
          { kind: "person", names: { en: "X" } },
          {},
        ],
        ["a bad queue", tokens.editor, "GET", "/api/v1/admin/comments?status=everything", undefined, {}],
        ["a queue of no edition", tokens.editor, "GET", "/api/v1/admin/comments?edition=xx", undefined, {}],
        [
          "a tag in no edition",
          tokens.editor,
          "POST",
          "/api/v1/tags",
          { kind: "topic", names: { xx: "X" } },
          {},
        ],
        [
          "a tag under no parent",
          tokens.editor,
          "POST",
          "/api/v1/tags",
          { kind: "topic", parentKey: "nope", names: { en: "X" } },
          {},
        ],
        [
          "a rename in no edition",
          tokens.editor,
          "PATCH",
          `/api/v1/tags/${existingTag}`,
          { names: { xx: { name: "X" } } },
          {},
        ],
        [
          "a rename to nothing",
          tokens.editor,
          "PATCH",
          `/api/v1/tags/${existingTag}`,
          { names: { en: { name: "" } } },
          {},
        ],
      ];
      const before = await snapshot();
      for (const [what, token, method, url, body, headers] of cases) {
        const response = await call(token, method, url, body, headers);
        assert.ok(
          response.statusCode >= 400 && response.statusCode < 500,
          `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`,
        );
        assert.equal(response.headers["content-type"], PROBLEM_TYPE, what);
        assert.equal(response.json().status, response.statusCode, what);
      }
      assert.deepEqual(await snapshot(), before);
    });

    test("refuses bad uploads with 4xx problems and keeps nothing of them", async () => {
      const before = await snapshot();
      const picture = await jpeg();
      const notAnImage = multipart(Buffer.from("this is not a picture at all"));
      const twoFiles = multipart(picture);
      const doubled = Buffer.concat([
        twoFiles.payload.subarray(0, twoFiles.payload.length - "--\r\n".length),
        Buffer.from(
          '\r\nContent-Disposition: form-data; name="file"; filename="b.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
        ),
        picture,
        Buffer.from("\r\n------tribune-test-boundary--\r\n"),
      ]);
      const cases: [string, Buffer, string][] = [
        ["not an image", notAnImage.payload, notAnImage.contentType],
        ["two files", doubled, twoFiles.contentType],
        ["no file", Buffer.from("------tribune-test-boundary--\r\n"), twoFiles.contentType],
        ["a broken body", Buffer.from("garbage"), twoFiles.contentType],
        ["a NUL in a field", multipart(picture, { credit: "a\u0000b" }).payload, twoFiles.contentType],
      ];
      for (const [what, payload, contentType] of cases) {
        const response = await demo.app.inject({
          method: "POST",
          url: "/api/v1/media",
          headers: { authorization: `Bearer ${tokens.editor}`, "content-type": contentType },
          payload,
        });
        assert.ok(
          response.statusCode >= 400 && response.statusCode < 500,
          `${what}: ${response.statusCode} ${response.body}`,
        );
        assert.equal(response.headers["content-type"], PROBLEM_TYPE, what);
      }
      const unauthenticated = await demo.app.inject({
        method: "POST",
        url: "/api/v1/media",
        headers: { "content-type": twoFiles.contentType },
        payload: twoFiles.payload,
      });
      assert.equal(unauthenticated.statusCode, 401);
      assert.deepEqual(await snapshot(), before);
    });

    test("slows down guessing: too many bad tokens from one address answer 429", async () => {
      const ip = "198.51.100.77";
      const guess = () =>
        demo.app.inject({
          method: "GET",
          url: "/api/v1/admin/articles/1",
          headers: { authorization: `Bearer trb_${"B".repeat(43)}`, "x-forwarded-for": ip },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 21; i += 1) statuses.push((await guess()).statusCode);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
      assert.equal(statuses[20], 429);
      const limited = await guess();
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers["retry-after"]) > 0);
      // A valid token from another address still works.
      assert.equal((await call(tokens.editor, "GET", "/api/v1/admin/articles/1")).statusCode, 200);
    });
  });
}
