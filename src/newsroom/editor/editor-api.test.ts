import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { ArticleService } from "../../articles/article-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import type { ContentChange } from "../../shared/content-events.ts";
import { ValidationError } from "../../shared/errors.ts";
import { ArticleEditorService } from "./editor-service.ts";
import type { SavedArticle, SlugCheck, TagChip } from "./editor-types.ts";

const body = (...paragraphs: string[]): BodyDocument => ({
  type: "doc",
  content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});

function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

for (const database of testDatabases()) {
  describe(`the editor's JSON API on ${database.name}`, () => {
    let demo: DemoApp;
    let contributor: NewsroomSession;
    let otherContributor: NewsroomSession;
    let translator: NewsroomSession;
    let editor: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database);
      const { app, database: handle } = demo;
      contributor = await signInAs(app, handle.db, "contributor", { name: "Casey Contributor" });
      otherContributor = await signInAs(app, handle.db, "contributor", { name: "Olly Other" });
      translator = await signInAs(app, handle.db, "translator", {
        editions: ["pt"],
        name: "Tina Translator",
      });
      editor = await signInAs(app, handle.db, "editor", { name: "Eddie Editor" });
    });
    after(() => demo.close());

    async function create(
      session: NewsroomSession,
      fields: Record<string, unknown> = {},
    ): Promise<SavedArticle> {
      const response = await session.postJson("/newsroom/api/articles", {
        edition: "en",
        title: `A story ${Math.random().toString(36).slice(2, 8)}`,
        body: body("First paragraph."),
        ...fields,
      });
      assert.equal(response.statusCode, 201, response.body);
      return json<{ article: SavedArticle }>(response).article;
    }

    const put = (session: NewsroomSession, id: number, fields: Record<string, unknown>) =>
      session.sendJson("PUT", `/newsroom/api/articles/${id}`, fields);

    test("a contributor writes a draft and saves it again: each save is a revision, numbered", async () => {
      const created = await create(contributor, { title: "Border talks resume", summary: "In Baghdad." });
      assert.equal(created.status, "draft");
      assert.equal(created.slug, "border-talks-resume");
      assert.equal(created.revisionNumber, 1);
      assert.equal(created.editUrl, `/newsroom/articles/${created.id}/edit`);

      const saved = await put(contributor, created.id, {
        baseRevisionId: created.revisionId,
        title: "Border talks resume in Baghdad",
        body: body("First paragraph.", "Second paragraph."),
        autosave: true,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const article = json<{ article: SavedArticle }>(saved).article;
      assert.equal(article.revisionNumber, 2);
      assert.notEqual(article.revisionId, created.revisionId);

      const stored = await new ArticleService(demo.database.db).getById(created.id);
      assert.equal(stored.title, "Border talks resume in Baghdad");
      assert.equal(JSON.parse(stored.body).content.length, 2);
      const revisions = await new ArticleService(demo.database.db).revisions(created.id);
      assert.deepEqual(
        revisions.map((r) => [r.number, r.savedByUserId]),
        [
          [2, contributor.user.id],
          [1, contributor.user.id],
        ],
      );
    });

    test("a contributor may not edit another contributor's draft", async () => {
      const theirs = await create(otherContributor);
      const refused = await put(contributor, theirs.id, {
        baseRevisionId: theirs.revisionId,
        title: "Mine now",
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(json(refused).error, "FORBIDDEN");
      assert.match(
        String(json(refused).message),
        /A contributor may edit articles only if they are their own drafts; this article is someone else's/,
      );
      assert.notEqual((await new ArticleService(demo.database.db).getById(theirs.id)).title, "Mine now");
    });

    test("a contributor may not edit their own article once it is no longer a draft; an editor may", async () => {
      const mine = await create(contributor);
      await new ArticleService(demo.database.db).publishArticle(mine.id);
      const refused = await put(contributor, mine.id, { baseRevisionId: mine.revisionId, title: "Changed" });
      assert.equal(refused.statusCode, 403);
      assert.match(String(json(refused).message), /only while they are drafts; this article is published/);

      const byEditor = await put(editor, mine.id, {
        baseRevisionId: mine.revisionId,
        title: "Corrected by the desk",
      });
      assert.equal(byEditor.statusCode, 200, byEditor.body);
      // An edit to what readers see is audited, in the same transaction as the save.
      const audited = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId", "details"])
        .where("subjectType", "=", "article")
        .where("subjectId", "=", String(mine.id))
        .execute();
      assert.deepEqual(
        audited.map((entry) => [entry.action, entry.actorUserId, JSON.parse(entry.details).title]),
        [["article.editLive", editor.user.id, "Corrected by the desk"]],
      );
    });

    test("saving a published article tells the caches; a draft's saves do not", async () => {
      const changes: ContentChange[] = [];
      const stop = demo.app.contentEvents.subscribe((change) => {
        changes.push(change);
      });
      try {
        const draft = await create(editor);
        const saved = json<{ article: SavedArticle }>(
          await put(editor, draft.id, { baseRevisionId: draft.revisionId, title: "Still a draft" }),
        ).article;
        assert.equal(changes.filter((c) => c.articleIds.includes(draft.id)).length, 0);
        await new ArticleService(demo.database.db).publishArticle(draft.id);
        changes.length = 0;
        const response = await put(editor, draft.id, {
          baseRevisionId: saved.revisionId,
          title: "Now published",
        });
        assert.equal(response.statusCode, 200, response.body);
        assert.ok(
          changes.some((c) => c.reasons.includes("article.updated") && c.articleIds.includes(draft.id)),
          JSON.stringify(changes),
        );
      } finally {
        stop();
      }
    });

    test("autosave is for drafts: a published article is saved only on purpose", async () => {
      const article = await create(editor);
      await new ArticleService(demo.database.db).publishArticle(article.id);
      const refused = await put(editor, article.id, {
        baseRevisionId: article.revisionId,
        title: "x",
        autosave: true,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(String(json(refused).message), /only drafts are saved automatically/);
    });

    test("a translator edits translations into their assigned editions only, and not the story's tags", async () => {
      const original = await create(editor, { title: "Talks resume", tagIds: [] });
      const service = new ArticleService(demo.database.db);
      const pt = await service.createArticle({
        storyId: original.storyId,
        edition: "pt",
        title: "Negociações retomadas",
        body: body("Primeiro."),
        savedByUserId: translator.user.id,
      });
      const es = await service.createArticle({
        storyId: original.storyId,
        edition: "es",
        title: "Se reanudan las conversaciones",
        body: body("Primero."),
      });

      const ok = await put(translator, pt.id, {
        baseRevisionId: pt.revisionId,
        title: "Negociações são retomadas",
      });
      assert.equal(ok.statusCode, 200, ok.body);
      // Sending the story's fields unchanged is fine; changing them is not.
      const unchanged = json<{ article: SavedArticle }>(ok).article;
      const same = await put(translator, pt.id, {
        baseRevisionId: unchanged.revisionId,
        tagIds: [],
        sourceId: null,
      });
      assert.equal(same.statusCode, 200, same.body);
      const retag = await put(translator, pt.id, {
        baseRevisionId: json<{ article: SavedArticle }>(same).article.revisionId,
        tagIds: [1],
      });
      assert.equal(retag.statusCode, 403);
      assert.match(
        String(json(retag).message),
        /A translator may not change the story's tags, source or hero image/,
      );

      const spanish = await put(translator, es.id, { baseRevisionId: es.revisionId, title: "No" });
      assert.equal(spanish.statusCode, 403);
      assert.match(
        String(json(spanish).message),
        /A translator may edit translations only in their assigned editions \(pt\), not in "es"/,
      );

      const english = await put(translator, original.id, {
        baseRevisionId: original.revisionId,
        title: "No",
      });
      assert.equal(english.statusCode, 403);
      assert.match(String(json(english).message), /A translator may not edit articles/);

      const newStory = await translator.postJson("/newsroom/api/articles", {
        edition: "pt",
        title: "Nova",
        body: body("x"),
      });
      assert.equal(newStory.statusCode, 403);
      assert.match(String(json(newStory).message), /A translator may not create articles/);
    });

    test("every change needs the CSRF token in the x-csrf-token header, and a session", async () => {
      const article = await create(contributor);
      const payload = JSON.stringify({ baseRevisionId: article.revisionId, title: "Forged" });
      for (const token of [undefined, "not-the-token"]) {
        const response = await contributor.inject({
          method: "PUT",
          url: `/newsroom/api/articles/${article.id}`,
          headers: { "content-type": "application/json", ...(token ? { "x-csrf-token": token } : {}) },
          payload,
        });
        assert.equal(response.statusCode, 403);
        assert.equal(json(response).error, "CSRF_REJECTED");
      }
      const anonymous = await demo.app.inject({
        method: "PUT",
        url: `/newsroom/api/articles/${article.id}`,
        headers: { "content-type": "application/json" },
        payload,
      });
      assert.equal(anonymous.statusCode, 401);
      assert.notEqual((await new ArticleService(demo.database.db).getById(article.id)).title, "Forged");
    });

    test("a save made on an older revision is refused with who saved since, and changes nothing", async () => {
      const article = await create(contributor, { title: "Original title" });
      const first = await put(editor, article.id, {
        baseRevisionId: article.revisionId,
        title: "The editor's title",
      });
      assert.equal(first.statusCode, 200, first.body);
      const second = await put(contributor, article.id, {
        baseRevisionId: article.revisionId,
        title: "Stale title",
      });
      assert.equal(second.statusCode, 409);
      const conflict = json(second);
      assert.equal(conflict.error, "EDIT_CONFLICT");
      assert.match(String(conflict.message), /saved by someone else .* your changes were not saved/);
      assert.equal(conflict.savedBy, "Eddie Editor");
      assert.equal(conflict.currentRevisionNumber, 2);
      assert.equal(conflict.currentRevisionId, json<{ article: SavedArticle }>(first).article.revisionId);
      assert.equal(
        (await new ArticleService(demo.database.db).getById(article.id)).title,
        "The editor's title",
      );

      const missing = await put(contributor, article.id, { title: "No base" });
      assert.equal(missing.statusCode, 400);
      assert.equal(json(missing).field, "baseRevisionId");
    });

    test("two saves racing on the same revision: one wins, the other is told", async () => {
      const article = await create(editor);
      const results = await Promise.all(
        ["One", "Two", "Three"].map((title) =>
          put(editor, article.id, { baseRevisionId: article.revisionId, title }),
        ),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409, 409]);
      const revisions = await new ArticleService(demo.database.db).revisions(article.id);
      assert.equal(revisions.length, 2);
    });

    test("bad input is refused with a message naming the field", async () => {
      const article = await create(contributor);
      const base = { baseRevisionId: article.revisionId };
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ title: "  " }, "title", /^title: is required$/],
        [{ title: "x".repeat(301) }, "title", /title: is 301 characters long; the limit is 300/],
        [{ slug: "Not A Slug" }, "slug", /is not a valid slug/],
        [
          {
            body: {
              type: "doc",
              content: [
                {
                  type: "paragraph",
                  content: [
                    {
                      type: "text",
                      text: "x",
                      marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }],
                    },
                  ],
                },
              ],
            },
          },
          "body",
          /body: content\[0\]\.content\[0\]\.marks\[0\]\.attrs\.href must be an http, https or mailto URL/,
        ],
        [{ body: { type: "doc", content: [{ type: "script" }] } }, "body", /"script" is not allowed here/],
        [
          { body: { type: "doc", content: [{ type: "figure", attrs: { mediaId: 99999 } }] } },
          "body",
          /image #99999, which is not in the media library/,
        ],
        [
          { body: { type: "doc", content: [{ type: "readCallout", attrs: { storyId: article.storyId } }] } },
          "body",
          /a READ callout cannot point at its own story/,
        ],
        [{ authorId: 99999 }, "authorId", /there is no author #99999/],
        [{ tagIds: [99999] }, "tagIds", /there is no tag #99999/],
      ];
      for (const [fields, field, message] of cases) {
        const response = await put(contributor, article.id, { ...base, ...fields });
        assert.equal(response.statusCode, 400, `${JSON.stringify(fields).slice(0, 80)}: ${response.body}`);
        assert.equal(json(response).field, field);
        assert.match(String(json(response).message), message);
      }
      const unchanged = await new ArticleService(demo.database.db).revisions(article.id);
      assert.equal(unchanged.length, 1);
    });

    test("a save's fields are checked by type and range: 400 naming the field, and nothing saved", async () => {
      const article = await create(contributor);
      const base = { baseRevisionId: article.revisionId };
      const tooLarge = 2 ** 31;
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, tagIds: "1" }, "tagIds"],
        [{ ...base, tagIds: [1, "2"] }, "tagIds[1]"],
        [{ ...base, tagIds: [tooLarge] }, "tagIds[0]"],
        [{ ...base, tagIds: [1.5] }, "tagIds[0]"],
        [{ ...base, tagIds: Array.from({ length: 101 }, (_, i) => i + 1) }, "tagIds"],
        [{ ...base, heroMediaId: tooLarge }, "heroMediaId"],
        [{ ...base, authorId: tooLarge }, "authorId"],
        [{ ...base, sourceId: "1" }, "sourceId"],
        [{ ...base, authorId: 0 }, "authorId"],
        [{ ...base, title: 7 }, "title"],
        [{ ...base, summary: ["x"] }, "summary"],
        [{ ...base, slug: null }, "slug"],
        [{ ...base, body: "a paragraph" }, "body"],
        [{ ...base, autosave: "yes" }, "autosave"],
        [{ ...base, tagIDs: [1] }, "tagIDs"],
        [{ baseRevisionId: "x", title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: String(article.revisionId), title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: 0, title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: -1, title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: 1.5, title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: tooLarge, title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: true, title: "Typed wrong" }, "baseRevisionId"],
        [{ baseRevisionId: [article.revisionId], title: "Typed wrong" }, "baseRevisionId"],
      ];
      for (const [fields, field] of cases) {
        const response = await put(contributor, article.id, fields);
        const label = JSON.stringify(fields).slice(0, 80);
        assert.equal(response.statusCode, 400, `${label}: ${response.body}`);
        assert.equal(json(response).error, "VALIDATION_FAILED", label);
        assert.equal(json(response).field, field, label);
      }
      for (const body of ["[]", "null", '"text"']) {
        const response = await contributor.inject({
          method: "PUT",
          url: `/newsroom/api/articles/${article.id}`,
          headers: { "content-type": "application/json", "x-csrf-token": contributor.csrfToken },
          payload: body,
        });
        assert.equal(response.statusCode, 400, `${body}: ${response.body}`);
      }
      const revisions = await new ArticleService(demo.database.db).revisions(article.id);
      assert.equal(revisions.length, 1, "no refused save wrote a revision");
    });

    test("a base revision that is not a number never skips the edit-conflict check", async () => {
      const article = await create(contributor, { title: "Written first" });
      const newer = await put(editor, article.id, {
        baseRevisionId: article.revisionId,
        title: "Edited since",
      });
      assert.equal(newer.statusCode, 200, newer.body);
      for (const baseRevisionId of ["x", {}, String(article.revisionId)]) {
        const refused = await put(contributor, article.id, { baseRevisionId, title: "Overwritten?" });
        assert.equal(refused.statusCode, 400, refused.body);
      }
      const stale = await put(contributor, article.id, {
        baseRevisionId: article.revisionId,
        title: "Overwritten?",
      });
      assert.equal(stale.statusCode, 409);
      assert.equal((await new ArticleService(demo.database.db).getById(article.id)).title, "Edited since");
    });

    test("the editor service refuses such a base revision too, whoever calls it", async () => {
      const article = await create(editor, { title: "Called directly" });
      const service = new ArticleEditorService(demo.database.db);
      const actor = { id: editor.user.id, role: "editor" as const, editions: [] };
      await assert.rejects(
        service.save(actor, article.id, { baseRevisionId: "x" as unknown as number, title: "Skipped?" }),
        (error: unknown) => error instanceof ValidationError && error.details.field === "baseRevisionId",
      );
      assert.equal((await new ArticleService(demo.database.db).getById(article.id)).title, "Called directly");
    });

    test("a new story's fields are checked the same way, and a refused one leaves no story behind", async () => {
      const stories = async () =>
        Number(
          (
            await demo.database.db
              .selectFrom("stories")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await stories();
      const cases: [Record<string, unknown>, string][] = [
        [{ edition: 1, title: "x" }, "edition"],
        [{ edition: "en", title: ["x"] }, "title"],
        [{ edition: "en", title: "x", tagIds: "1" }, "tagIds"],
        [{ edition: "en", title: "x", tagIds: [2 ** 31] }, "tagIds[0]"],
        [{ edition: "en", title: "x", heroMediaId: 2 ** 31 }, "heroMediaId"],
        [{ edition: "en", title: "x", authorId: 2 ** 31 }, "authorId"],
        [{ edition: "en", title: "x", sourceId: 2 ** 31 }, "sourceId"],
        [{ edition: "en", title: "x", baseRevisionId: 1 }, "baseRevisionId"],
      ];
      for (const [fields, field] of cases) {
        const response = await contributor.postJson("/newsroom/api/articles", fields);
        const label = JSON.stringify(fields);
        assert.equal(response.statusCode, 400, `${label}: ${response.body}`);
        assert.equal(json(response).field, field, label);
      }
      assert.equal(await stories(), before);
    });

    test("the other JSON bodies are checked too: tag suggestions and sources", async () => {
      const suggestions = [
        [{ edition: "en", title: "Iraq", tagIds: [2 ** 31] }, "tagIds[0]"],
        [{ edition: "en", title: "Iraq", tagIds: "1" }, "tagIds"],
        [{ edition: "en", title: 3 }, "title"],
        [{ edition: "en", summary: {} }, "summary"],
      ] as const;
      for (const [fields, field] of suggestions) {
        const response = await contributor.postJson("/newsroom/api/tag-suggestions", fields);
        assert.equal(response.statusCode, 400, `${JSON.stringify(fields)}: ${response.body}`);
        assert.equal(json(response).field, field);
      }
      const accept = await editor.postJson("/newsroom/api/tag-suggestions/accept", { key: 7, edition: "en" });
      assert.equal(accept.statusCode, 400);
      assert.equal(json(accept).field, "key");
      for (const [fields, field] of [
        [{ name: "Wire", shortName: 5 }, "shortName"],
        [{ name: "Wire", url: ["https://wire.example"] }, "url"],
        [{ name: 12 }, "name"],
      ] as const) {
        const response = await editor.postJson("/newsroom/api/sources", fields);
        assert.equal(response.statusCode, 400, `${JSON.stringify(fields)}: ${response.body}`);
        assert.equal(json(response).field, field);
      }
    });

    test("the slug check says whether a slug is free, and suggests one when it is taken", async () => {
      const first = await create(contributor, { title: "Slug check story" });
      const check = async (slug: string, articleId?: number) =>
        json<SlugCheck>(
          await contributor.get(
            `/newsroom/api/slugs/check?edition=en&slug=${encodeURIComponent(slug)}${articleId ? `&articleId=${articleId}` : ""}`,
          ),
        );
      assert.deepEqual(await check("a-free-slug"), {
        slug: "a-free-slug",
        available: true,
        message: null,
        suggestion: null,
      });
      const taken = await check("slug-check-story");
      assert.equal(taken.available, false);
      assert.equal(taken.suggestion, "slug-check-story-2");
      assert.match(taken.message ?? "", /Another en article already uses "slug-check-story"/);
      assert.equal(
        (await check("slug-check-story", first.id)).available,
        true,
        "its own slug is free for it",
      );
      const malformed = await check("Bad Slug!");
      assert.equal(malformed.available, false);
      assert.equal(malformed.suggestion, "bad-slug");

      const second = await create(contributor, { title: "Another story" });
      const clash = await put(contributor, second.id, {
        baseRevisionId: second.revisionId,
        slug: "slug-check-story",
      });
      assert.equal(clash.statusCode, 409);
      assert.equal(json(clash).error, "SLUG_TAKEN");
      const createClash = await contributor.postJson("/newsroom/api/articles", {
        edition: "en",
        title: "x",
        slug: "slug-check-story",
        body: body("x"),
      });
      assert.equal(createClash.statusCode, 400);
      assert.equal(json(createClash).field, "slug");
    });

    test("tag type-ahead finds names in the article's edition, accents aside, and marks names from another", async () => {
      const pt = json<{ tags: TagChip[] }>(await contributor.get("/newsroom/api/tags?edition=pt&q=ira")).tags;
      assert.deepEqual(
        pt.map((t) => [t.name, t.language, t.parentName]),
        [
          ["Irã", "pt", "Oriente Médio"],
          ["Iraque", "pt", "Oriente Médio"],
        ],
      );
      const { TagService } = await import("../../tags/tag-service.ts");
      await new TagService(demo.database.db).upsertTag({
        key: "kurdistan",
        kind: "topic",
        names: { en: "Kurdistan" },
      });
      const fallback = json<{ tags: TagChip[] }>(
        await contributor.get("/newsroom/api/tags?edition=es&q=kurd"),
      ).tags;
      assert.deepEqual(
        fallback.map((t) => [t.name, t.language]),
        [["Kurdistan", "en"]],
      );
      assert.deepEqual(
        json<{ tags: TagChip[] }>(await contributor.get("/newsroom/api/tags?edition=en&q=")).tags,
        [],
      );
    });

    test("tag suggestions come from the text; an existing tag is added by anyone, a new one created by editors", async () => {
      const request = {
        edition: "en",
        title: "Lebanon and Iraq",
        summary: "",
        body: body("Officials from Iraq met their Lebanese counterparts in Beirut."),
        tagIds: [],
      };
      const answer = json<{
        suggestions: { key: string; tagId: number | null; region: { name: string } | null }[];
      }>(await contributor.postJson("/newsroom/api/tag-suggestions", request));
      const iraq = answer.suggestions.find((s) => s.key === "iraq");
      const lebanon = answer.suggestions.find((s) => s.key === "lebanon");
      assert.ok(iraq?.tagId, JSON.stringify(answer));
      assert.ok(lebanon && lebanon.tagId === null, JSON.stringify(answer));
      assert.equal(lebanon.region?.name, "Middle East");

      const existing = await contributor.postJson("/newsroom/api/tag-suggestions/accept", {
        key: "iraq",
        edition: "pt",
      });
      assert.equal(existing.statusCode, 200, existing.body);
      assert.deepEqual(json<{ tag: TagChip; created: boolean }>(existing), {
        tag: {
          id: iraq.tagId,
          key: "iraq",
          kind: "country",
          name: "Iraque",
          language: "pt",
          parentName: "Oriente Médio",
        },
        created: false,
      });

      const refused = await contributor.postJson("/newsroom/api/tag-suggestions/accept", {
        key: "lebanon",
        edition: "en",
      });
      assert.equal(refused.statusCode, 403);
      assert.match(String(json(refused).message), /A contributor may not create tags/);

      const created = await editor.postJson("/newsroom/api/tag-suggestions/accept", {
        key: "lebanon",
        edition: "es",
      });
      assert.equal(created.statusCode, 200, created.body);
      const { tag } = json<{ tag: TagChip; created: boolean }>(created);
      assert.equal(json(created).created, true);
      assert.equal(tag.name, "Líbano");
      assert.equal(tag.parentName, "Oriente Medio");
      const again = await editor.postJson("/newsroom/api/tag-suggestions/accept", {
        key: "lebanon",
        edition: "es",
      });
      assert.equal(json(again).created, false);

      const unknown = await editor.postJson("/newsroom/api/tag-suggestions/accept", {
        key: "atlantis",
        edition: "en",
      });
      assert.equal(unknown.statusCode, 404);
    });

    test("the READ picker finds stories as you type, not the one being edited", async () => {
      const found = json<{ stories: { storyId: number; title: string }[] }>(
        await contributor.get("/newsroom/api/stories/search?edition=en&q=Muqtada"),
      ).stories;
      assert.equal(found.length, 1);
      assert.match(found[0]?.title ?? "", /Muqtada Al-Sadr/);
      const excluded = json<{ stories: unknown[] }>(
        await contributor.get(`/newsroom/api/stories/search?edition=en&q=muqt&exclude=${found[0]?.storyId}`),
      ).stories;
      assert.deepEqual(excluded, []);
      const bad = await contributor.get("/newsroom/api/stories/search?edition=xx&q=muqt");
      assert.equal(bad.statusCode, 400);
    });

    test("sources are listed and added; an existing name is returned as it is", async () => {
      const listed = json<{ sources: { name: string }[] }>(
        await contributor.get("/newsroom/api/sources"),
      ).sources;
      assert.ok(
        listed.some((s) => s.name === "Middle East Eye"),
        JSON.stringify(listed),
      );
      const added = await contributor.postJson("/newsroom/api/sources", {
        name: "Anadolu Agency",
        shortName: "AA",
      });
      assert.equal(added.statusCode, 201, added.body);
      const again = await contributor.postJson("/newsroom/api/sources", {
        name: "anadolu agency",
        url: "https://x.example",
      });
      assert.deepEqual(json(again), json(added));
      const refused = await translator.postJson("/newsroom/api/sources", { name: "Something" });
      assert.equal(refused.statusCode, 403);
      const authors = json<{ authors: { name: string }[] }>(
        await contributor.get("/newsroom/api/authors"),
      ).authors;
      assert.ok(authors.some((a) => a.name === "Tribune Newsroom"));
    });

    test("the editor's state of an article is there for other pages (the translation desk)", async () => {
      const article = await create(contributor, { title: "State of the editor" });
      const response = await contributor.get(`/newsroom/api/articles/${article.id}`);
      assert.equal(response.statusCode, 200);
      const { editor: state } = json<{
        editor: { article: { title: string; revisionId: number }; autosave: boolean };
      }>(response);
      assert.equal(state.article.title, "State of the editor");
      assert.equal(state.article.revisionId, article.revisionId);
      assert.equal(state.autosave, true);
      assert.equal((await otherContributor.get(`/newsroom/api/articles/${article.id}`)).statusCode, 403);
      assert.equal((await contributor.get("/newsroom/api/articles/999999")).statusCode, 404);
    });
  });
}
