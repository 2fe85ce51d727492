import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { loadConfig } from "../../config.ts";
import type { CommentStatus } from "../../db/schema.ts";
import { type CommentedArticle, findArticleBySlug } from "../comment-articles.ts";
import type { CommentPolicyName } from "../comment-config.ts";
import { CommentRefusedError, type RefusalCode } from "../comment-errors.ts";
import { type CommentServices, createCommentServices } from "../comment-service.ts";
import { postComment } from "./post-comment.ts";

const NOW = new Date().toISOString();
let counter = 0;

for (const database of testDatabases()) {
  describe(`the posting pipeline on ${database.name}`, () => {
    let demo: DemoApp;
    const articles: Record<string, CommentedArticle> = {};

    before(async () => {
      demo = await startDemoApp(database);
      for (const edition of ["en", "pt", "es"]) {
        const row = await demo.database.db
          .selectFrom("articles")
          .select("slug")
          .where("edition", "=", edition)
          .where("status", "=", "published")
          .orderBy("id")
          .executeTakeFirstOrThrow();
        const article = await findArticleBySlug(demo.database.db, edition, row.slug, NOW);
        assert.ok(article);
        articles[edition] = article;
      }
    });
    after(() => demo.close());

    /** Services with a policy for every edition and a secret of their own. */
    const services = (
      policy: CommentPolicyName = "open",
      env: Record<string, string> = {},
    ): CommentServices =>
      createCommentServices({
        db: demo.database.db,
        config: loadConfig({ NODE_ENV: "test", COMMENT_POLICY: policy, ...env }).comments,
        secret: "a test secret that is long enough",
      });

    /** A new commenter each time (e-mail and address), unless told otherwise. */
    const post = (
      s: CommentServices,
      fields: {
        name?: string;
        email?: string;
        text?: string;
        honeypot?: string;
        parentId?: number | null;
        ip?: string;
      } = {},
      edition = "en",
      now = NOW,
    ) => {
      counter++;
      const article = articles[edition];
      assert.ok(article);
      return postComment(
        s.posting,
        article,
        {
          name: fields.name ?? `Reader ${counter}`,
          email: fields.email ?? `reader${counter}@example.org`,
          text: fields.text ?? `My comment number ${counter}, with some thoughts on the story.`,
          honeypot: fields.honeypot ?? "",
          parentId: fields.parentId ?? null,
        },
        { ip: fields.ip ?? `192.0.2.${counter % 250}`, reader: null },
        now,
      );
    };

    const refused = async (promise: Promise<unknown>, code: RefusalCode) => {
      await assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof CommentRefusedError, String(error));
        assert.equal(error.refusal, code);
        return true;
      });
    };

    const statusOf = async (id: number): Promise<CommentStatus> =>
      (
        await demo.database.db
          .selectFrom("comments")
          .select("status")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).status;

    test("a comment with a filled honeypot is refused, an empty one passes", async () => {
      const s = services();
      await refused(post(s, { honeypot: "http://spam.example" }), "HONEYPOT");
      assert.equal((await post(s)).status, "approved");
    });

    test("a closed edition, a closed article and an old article take no comments", async () => {
      await refused(post(services("closed")), "CLOSED");
      const s = services();
      const article = articles.en;
      assert.ok(article);
      await s.policies.setArticleClosed(demo.database.db, article.id, true, null, NOW);
      await refused(post(s), "CLOSED");
      await s.policies.setArticleClosed(demo.database.db, article.id, false, null, NOW);
      assert.equal((await post(s)).status, "approved");
      const aged = services("open", { COMMENT_CLOSE_AFTER_DAYS: "30" });
      const later = new Date(Date.parse(article.publishedAt) + 31 * 86_400_000).toISOString();
      await refused(post(aged, {}, "en", later), "CLOSED");
    });

    test("a banned e-mail or address is refused while the ban lasts", async () => {
      const s = services();
      const at = NOW;
      await demo.database.db
        .insertInto("commentBans")
        .values([
          {
            kind: "email",
            valueHash: s.hasher.email("Troll@Example.org"),
            reason: "t",
            createdAt: at,
            expiresAt: null,
            createdByUserId: null,
          },
          {
            kind: "ip",
            valueHash: s.hasher.ip("2001:db8:1:2::1"),
            reason: "t",
            createdAt: at,
            expiresAt: null,
            createdByUserId: null,
          },
          {
            kind: "email",
            valueHash: s.hasher.email("was-banned@example.org"),
            reason: "t",
            createdAt: at,
            expiresAt: "2000-01-01T00:00:00.000Z",
            createdByUserId: null,
          },
        ])
        .execute();
      await refused(post(s, { email: "troll@example.org" }), "BANNED");
      // The whole /64 of an IPv6 address is banned.
      await refused(post(s, { ip: "2001:db8:1:2:ffff::9" }), "BANNED");
      assert.equal((await post(s, { ip: "2001:db8:1:3::1" })).status, "approved");
      assert.equal((await post(s, { email: "was-banned@example.org" })).status, "approved");
    });

    test("rate limits per e-mail and per address refuse with the minutes to wait", async () => {
      const s = services();
      for (let i = 0; i < 5; i++) await post(s, { email: "busy@example.org" });
      await assert.rejects(post(s, { email: "busy@example.org" }), (error: unknown) => {
        assert.ok(error instanceof CommentRefusedError && error.refusal === "RATE_LIMITED");
        assert.ok((error.params.minutes ?? 0) >= 1 && (error.params.minutes ?? 0) <= 10);
        return true;
      });
      for (let i = 0; i < 10; i++) await post(s, { ip: "198.51.100.7" });
      await refused(post(s, { ip: "198.51.100.7" }), "RATE_LIMITED");
      // An hour later the ten-minute windows have passed.
      const later = new Date(Date.parse(NOW) + 3_600_000).toISOString();
      assert.equal((await post(s, { email: "busy@example.org" }, "en", later)).status, "approved");
    });

    test("more links than allowed are refused with the count; a link in the name is spam", async () => {
      const s = services();
      await assert.rejects(
        post(s, { text: "See https://a.example/1 and http://b.example/2 and www.c.example" }),
        (error: unknown) =>
          error instanceof CommentRefusedError &&
          error.refusal === "TOO_MANY_LINKS" &&
          error.params.actual === 3,
      );
      assert.equal(
        (await post(s, { text: "See https://a.example/1 and www.c.example please" })).status,
        "approved",
      );
      const named = await post(s, { name: "Cheap pills https://pills.example" });
      assert.equal(named.status, "spam");
    });

    test("word lists: threats are refused, insults held, spam words kept as spam, in every language", async () => {
      const s = services();
      await refused(post(s, { text: "I will kill you for writing this" }), "BLOCKED_WORDS");
      await refused(post(s, { text: "Vou te matar, jornalista" }, "pt"), "BLOCKED_WORDS");
      await refused(post(s, { text: "¡Mátate ya!" }, "es"), "BLOCKED_WORDS");
      assert.equal((await post(s, { text: "What an idiot this minister is" })).status, "pending");
      assert.equal((await post(s, { text: "Que imbecil é esse ministro" }, "pt")).status, "pending");
      assert.equal((await post(s, { text: "Menudo estúpido" }, "es")).status, "pending");
      assert.equal((await post(s, { text: "Best online casino bonus today" })).status, "spam");
      // The English spam list applies in every edition.
      assert.equal((await post(s, { text: "Compre viagra barato" }, "pt")).status, "spam");
      // Tricks: a zero-width space inside the word, digits for letters, accents.
      assert.equal((await post(s, { text: "You i\u200Bdiot" })).status, "pending");
      assert.equal((await post(s, { text: "You 1d10t" })).status, "pending");
      // Whole words only: "Scunthorpe"-style false positives are avoided.
      assert.equal((await post(s, { text: "The idiom is old. Idiotic? Perhaps." })).status, "pending");
      assert.equal((await post(s, { text: "Idiomatic expressions translate badly." })).status, "approved");
    });

    test("the same text twice from one commenter is refused; a campaign from many is spam", async () => {
      const s = services();
      const text = "This is exactly the same comment, posted again and again.";
      await post(s, { email: "twice@example.org", text });
      await refused(post(s, { email: "twice@example.org", text: text.toUpperCase() }), "DUPLICATE");
      await post(s, { text: `${text}!!` });
      assert.equal((await post(s, { text })).status, "spam");
      // Short texts are said by many.
      await post(s, { text: "Agreed." });
      await post(s, { text: "Agreed." });
      assert.equal((await post(s, { text: "Agreed." })).status, "approved");
    });

    test("policies: open publishes, premoderate-all holds, premoderate-first holds only first comments", async () => {
      assert.equal((await post(services("open"))).status, "approved");
      assert.equal(
        (await post(services("premoderate-all"), { email: "regular@example.org" })).status,
        "pending",
      );
      const first = services("premoderate-first");
      const one = await post(first, { email: "newcomer@example.org" });
      assert.equal(one.status, "pending");
      assert.equal((await post(first, { email: "newcomer@example.org" })).status, "pending");
      await demo.database.db
        .updateTable("comments")
        .set({ status: "approved" })
        .where("id", "=", one.id)
        .execute();
      assert.equal((await post(first, { email: "Newcomer@example.org" })).status, "approved");
      // Anything ever marked as spam brings pre-moderation back.
      const spammy = await post(first, { email: "newcomer@example.org", text: "A casino link here" });
      assert.equal(await statusOf(spammy.id), "spam");
      assert.equal((await post(first, { email: "newcomer@example.org" })).status, "pending");
    });

    test("replies go to published comments of the same article only", async () => {
      const s = services();
      const parent = await post(s);
      const reply = await post(s, { parentId: parent.id });
      const row = await demo.database.db
        .selectFrom("comments")
        .select(["parentId", "rootId"])
        .where("id", "=", reply.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { parentId: parent.id, rootId: parent.id });
      const deeper = await post(s, { parentId: reply.id });
      assert.equal(
        (
          await demo.database.db
            .selectFrom("comments")
            .select("rootId")
            .where("id", "=", deeper.id)
            .executeTakeFirstOrThrow()
        ).rootId,
        parent.id,
      );
      await refused(post(s, { parentId: parent.id }, "pt"), "PARENT_INVALID");
      const held = await post(services("premoderate-all"));
      await refused(post(s, { parentId: held.id }), "PARENT_INVALID");
      await refused(post(s, { parentId: 999_999 }), "PARENT_INVALID");
    });

    test("fields are checked: name, e-mail, text, length", async () => {
      const s = services("open", { COMMENT_MAX_LENGTH: "100" });
      await refused(post(s, { name: "  \u200B " }), "NAME_REQUIRED");
      await refused(post(s, { name: "n".repeat(81) }), "NAME_TOO_LONG");
      await refused(post(s, { email: "" }), "EMAIL_REQUIRED");
      await refused(post(s, { email: "not-an-address" }), "EMAIL_INVALID");
      await refused(post(s, { text: "\n\n \u202E " }), "TEXT_REQUIRED");
      await assert.rejects(
        post(s, { text: "é".repeat(101) }),
        (error: unknown) =>
          error instanceof CommentRefusedError &&
          error.refusal === "TEXT_TOO_LONG" &&
          error.params.actual === 101,
      );
      // Code points, not UTF-16 units: 100 emoji fit in 100 characters.
      assert.equal((await post(s, { text: "😀".repeat(100) })).status, "approved");
    });
  });
}
