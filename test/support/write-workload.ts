// Newsroom and reader writes through HTTP against a running server, with a ledger of every write
// the server acknowledged (2xx/3xx), and the checks that find any of them missing afterwards, or a
// story half made. Used by the concurrency and crash tests.
//
//   const site = await prepareSite(db, { editors: 3 });          // before the server starts
//   const workload = new WriteWorkload(origin, site, { editors: 3, commenters: 2, uploads: true });
//   await workload.signIn(); workload.start(); … ; await workload.stop();
//   assert.deepEqual(await findLostWrites(db, workload.ledger, mediaDir), []);

import { existsSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { ArticleService } from "../../src/articles/article-service.ts";
import { StoryService } from "../../src/articles/story-service.ts";
import { loadConfig } from "../../src/config.ts";
import type { Db } from "../../src/db/database.ts";
import { SiteUrls } from "../../src/editions/site-urls.ts";
import { ORIGINALS_DIR } from "../../src/media/media-storage.ts";
import { generatePlaceholderPhoto } from "../../src/media/placeholder-photo.ts";
import { type HttpAnswer, HttpClient } from "./http-client.ts";
import { createTestUser, type TestUser } from "./newsroom.ts";
import { sleep } from "./server-process.ts";

/** What the server said it did, to be found in the database afterwards. */
export interface WriteLedger {
  /** Articles created (a new story each), with the title of their first revision. */
  created: { articleId: number; title: string; via: "api" | "form" }[];
  /** Saves (autosaves and Save button): a revision with this title must exist. */
  saved: { articleId: number; title: string; revisionId: number | null }[];
  published: number[];
  /** Reader comments, by their (unique) text. */
  comments: string[];
  uploads: { mediaId: number; name: string }[];
}

export interface Tally {
  /** Answers by status. */
  statuses: Map<number, number>;
  /** Every answer 500 or above: what was asked, and the start of the answer. */
  serverErrors: string[];
  /** Other answers than the one expected, below 500. */
  unexpected: string[];
  /** Requests that got no answer (connection refused or reset, timeout), described. */
  unanswered: string[];
  /** Those that waited more than a second for it, described. */
  slow: string[];
}

export interface PreparedSite {
  editors: TestUser[];
  /** The published article readers comment on: its thread page (the comment form posts there). */
  threadPath: string;
}

/** Editors who sign in, and a published article to comment on; call it on the server's database. */
export async function prepareSite(db: Db, options: { editors: number }): Promise<PreparedSite> {
  const editors: TestUser[] = [];
  for (let i = 0; i < options.editors; i++) editors.push(await createTestUser(db, "editor"));
  const story = await new StoryService(db).createStory({ originalEdition: "en" });
  const articles = new ArticleService(db);
  const draft = await articles.createArticle({
    storyId: story.id,
    edition: "en",
    title: "Readers talk about the harbour works",
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The works." }] }] },
  });
  const article = await articles.publishArticle(draft.id);
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/unused" });
  const edition = config.editions.find((e) => e.code === "en");
  if (!edition || !article.publishedAt) throw new Error("the comment article was not published");
  const urls = new SiteUrls(config.publicUrl);
  const articlePath = urls.articlePath(edition, article.publishedAt, article.slug);
  return { editors, threadPath: `${urls.href(edition, articlePath, edition)}/comments` };
}

export interface WorkloadOptions {
  /** Runs' titles and comments carry it, so that two runs on one database never mix. */
  tag: string;
  commenters: number;
  /** Whether one editor also uploads images. */
  uploads: boolean;
  /** How long a request may go unanswered before it counts as lost (default 20 s). */
  requestTimeoutMs?: number;
}

/**
 * Editors (create, autosave, publish, save; through the JSON API and the plain forms) and readers
 * posting comments, each a loop of sequential requests, until stopped. A request that gets no answer
 * (the server was killed under it) is not in the ledger; the loop goes on with a new article.
 */
export class WriteWorkload {
  readonly ledger: WriteLedger = { created: [], saved: [], published: [], comments: [], uploads: [] };
  readonly tally: Tally = { statuses: new Map(), serverErrors: [], unexpected: [], unanswered: [], slow: [] };
  private readonly editorClients: HttpClient[];
  private running: Promise<void>[] = [];
  private stopping = false;

  constructor(
    readonly origin: string,
    readonly site: PreparedSite,
    readonly options: WorkloadOptions,
  ) {
    this.editorClients = site.editors.map(() => new HttpClient(origin, {}, options.requestTimeoutMs));
  }

  /** Signs every editor in (retried while the server is not answering yet). */
  async signIn(): Promise<void> {
    for (const [index, client] of this.editorClients.entries()) {
      const user = this.site.editors[index];
      if (!user) continue;
      await client.signIn(user.email, user.password);
    }
  }

  start(): void {
    this.stopping = false;
    this.running = [
      ...this.editorClients.map((client, index) => this.editorLoop(client, index)),
      ...Array.from({ length: this.options.commenters }, (_, index) => this.commenterLoop(index)),
      ...(this.options.uploads && this.editorClients[0] ? [this.uploadLoop(this.editorClients[0])] : []),
    ];
  }

  /** Lets every loop finish the request it is on, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  /** Total writes acknowledged so far. */
  acknowledged(): number {
    const { created, saved, published, comments, uploads } = this.ledger;
    return created.length + saved.length + published.length + comments.length + uploads.length;
  }

  /**
   * One request, counted: its answer when it has the `expected` status, else undefined (no answer,
   * or another status, recorded in the tally).
   */
  private async send(
    what: string,
    expected: number,
    request: () => Promise<HttpAnswer>,
  ): Promise<HttpAnswer | undefined> {
    let answer: HttpAnswer;
    const started = Date.now();
    try {
      answer = await request();
    } catch (error) {
      const waited = Date.now() - started;
      const line = `${what}: no answer after ${waited} ms (${String((error as Error).cause ?? error)})`;
      this.tally.unanswered.push(line);
      if (waited > 1_000) this.tally.slow.push(line);
      // The server is down or restarting: do not spin.
      await sleep(20);
      return undefined;
    }
    this.tally.statuses.set(answer.status, (this.tally.statuses.get(answer.status) ?? 0) + 1);
    if (answer.status === expected) return answer;
    const line = `${what} → ${answer.status}: ${answer.body.slice(0, 200)}`;
    if (answer.status >= 500) this.tally.serverErrors.push(line);
    else this.tally.unexpected.push(line);
    return undefined;
  }

  private async editorLoop(client: HttpClient, editor: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const name = `${this.options.tag} e${editor} n${n}`;
      const viaForm = n % 3 === 2;
      // 1. A new story and its article, through the JSON API or the plain form (whose answer leads
      // to the edit page, which a browser then opens: it carries the revision to save on).
      let articleId: number;
      let revisionId: number | undefined;
      const title = `${name} created`;
      if (viaForm) {
        const answer = await this.send(`form create ${name}`, 303, () =>
          client.postForm("/newsroom/articles/new", { edition: "en", title, summary: "", bodyText: "Text." }),
        );
        const id = /\/newsroom\/articles\/(\d+)\/edit/.exec(answer?.headers.get("location") ?? "")?.[1];
        if (!answer || !id) continue;
        articleId = Number(id);
        this.ledger.created.push({ articleId, title, via: "form" });
        revisionId = await this.openEditPage(client, answer, name);
      } else {
        const answer = await this.send(`api create ${name}`, 201, () =>
          client.sendJson("POST", "/newsroom/api/articles", {
            edition: "en",
            title,
            body: paragraphs(`The text of ${name}.`),
          }),
        );
        if (!answer) continue;
        const { article } = JSON.parse(answer.body) as { article: { id: number; revisionId: number } };
        articleId = article.id;
        revisionId = article.revisionId;
        this.ledger.created.push({ articleId, title, via: "api" });
      }
      if (this.stopping || revisionId === undefined) continue;

      // 2. The draft saves itself (JSON), or is saved with the form's Save button.
      const draftTitle = `${name} draft saved`;
      if (!viaForm) {
        const answer = await this.send(`autosave ${name}`, 200, () =>
          client.sendJson("PUT", `/newsroom/api/articles/${articleId}`, {
            baseRevisionId: revisionId,
            autosave: true,
            title: draftTitle,
            body: paragraphs(`The text of ${name}, longer now.`),
          }),
        );
        if (!answer) continue;
        revisionId = (JSON.parse(answer.body) as { article: { revisionId: number } }).article.revisionId;
        this.ledger.saved.push({ articleId, title: draftTitle, revisionId });
      } else {
        const answer = await this.send(`form save ${name}`, 303, () =>
          client.postForm(`/newsroom/articles/${articleId}/edit`, {
            title: draftTitle,
            baseRevisionId: String(revisionId),
          }),
        );
        if (!answer) continue;
        this.ledger.saved.push({ articleId, title: draftTitle, revisionId: null });
        revisionId = await this.openEditPage(client, answer, name);
      }
      if (this.stopping || revisionId === undefined) continue;

      // 3. Published through the workflow form.
      const published = await this.send(`publish ${name}`, 303, () =>
        client.postForm(`/newsroom/articles/${articleId}/workflow/publish`, {}),
      );
      if (!published) continue;
      this.ledger.published.push(articleId);
      if (this.stopping) continue;

      // 4. A correction to the published article, with the Save button.
      const fixedTitle = `${name} corrected`;
      const fixed = await this.send(`form save published ${name}`, 303, () =>
        client.postForm(`/newsroom/articles/${articleId}/edit`, {
          title: fixedTitle,
          baseRevisionId: String(revisionId),
        }),
      );
      if (fixed) this.ledger.saved.push({ articleId, title: fixedTitle, revisionId: null });
    }
  }

  /** Follows a form's redirect to the edit page, as a browser would: the revision it shows, if it answered. */
  private async openEditPage(client: HttpClient, answer: HttpAnswer, name: string) {
    const location = answer.headers.get("location") ?? "";
    const page = await this.send(`edit page ${name}`, 200, () => client.get(location));
    const revision = /name="baseRevisionId" value="(\d+)"/.exec(page?.body ?? "")?.[1];
    return revision === undefined ? undefined : Number(revision);
  }

  private async commenterLoop(reader: number): Promise<void> {
    const client = new HttpClient(this.origin, {}, this.options.requestTimeoutMs);
    for (let n = 0; !this.stopping; n++) {
      const text = `Comment ${this.options.tag} r${reader} n${n}: thanks for the report`;
      // Each post from its own address and e-mail: the per-address and per-e-mail limits are
      // not what is tested here (TRUST_PROXY must let the loopback client name its address).
      const answer = await this.send(`comment ${reader}/${n}`, 303, () =>
        client.request("POST", this.site.threadPath, {
          body: new URLSearchParams({
            name: `Reader ${reader}`,
            email: `reader-${this.options.tag}-${reader}-${n}@example.org`,
            text,
            website: "",
            parent: "",
          }).toString(),
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": `10.${reader % 250}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
          },
        }),
      );
      if (answer) this.ledger.comments.push(text);
    }
  }

  private async uploadLoop(client: HttpClient): Promise<void> {
    const base = await generatePlaceholderPhoto(160, 96, this.options.tag);
    for (let n = 0; !this.stopping; n++) {
      const name = `${this.options.tag}-upload-${n}.jpg`;
      const photo = withJpegComment(base, name);
      const form = new FormData();
      form.append("credit", `Photo ${n}`);
      form.append("file", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), name);
      const answer = await this.send(`upload ${name}`, 201, () => client.upload("/newsroom/api/media", form));
      if (answer) {
        this.ledger.uploads.push({ mediaId: (JSON.parse(answer.body) as { id: number }).id, name });
      }
      // Uploads are heavy (every variant is resized): one every little while is enough.
      await sleep(100);
    }
  }
}

/** The same picture with a JPEG comment after its start marker: other bytes, so a new upload. */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const comment = Buffer.from(text, "latin1");
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, comment, jpeg.subarray(2)]);
}

function paragraphs(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

/** Every acknowledged write the database does not hold, described; empty when none was lost. */
export async function findLostWrites(db: Db, ledger: WriteLedger, mediaDir: string): Promise<string[]> {
  const lost: string[] = [];
  for (const { articleId, title, via } of ledger.created) {
    const first = await db
      .selectFrom("articleRevisions")
      .select("title")
      .where("articleId", "=", articleId)
      .orderBy("number")
      .limit(1)
      .executeTakeFirst();
    if (first?.title !== title) lost.push(`article #${articleId} created (${via}) as "${title}"`);
  }
  for (const { articleId, title, revisionId } of ledger.saved) {
    const revision = await db
      .selectFrom("articleRevisions")
      .select("id")
      .where("articleId", "=", articleId)
      .where("title", "=", title)
      .$if(revisionId !== null, (qb) => qb.where("id", "=", revisionId ?? 0))
      .executeTakeFirst();
    if (!revision) lost.push(`article #${articleId} saved as "${title}"`);
  }
  for (const articleId of ledger.published) {
    const article = await db
      .selectFrom("articles")
      .select("status")
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (article?.status !== "published")
      lost.push(`article #${articleId} published (now ${article?.status})`);
  }
  const texts = new Set((await db.selectFrom("comments").select("body").execute()).map((row) => row.body));
  for (const text of ledger.comments) if (!texts.has(text)) lost.push(`comment "${text}"`);
  for (const { mediaId, name } of ledger.uploads) {
    const media = await db
      .selectFrom("media")
      .select(["storageKey", "originalName"])
      .where("id", "=", mediaId)
      .executeTakeFirst();
    if (media?.originalName !== name) lost.push(`upload #${mediaId} "${name}"`);
    else if (!existsSync(join(mediaDir, ORIGINALS_DIR, media.storageKey)))
      lost.push(`upload #${mediaId}: its file`);
  }
  return lost;
}

/** Stories without any article, and articles without a current revision: what a torn write leaves. */
export async function findHalfMadeStories(db: Db): Promise<string[]> {
  const empty = await db
    .selectFrom("stories")
    .select("id")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("articles").select("id").whereRef("articles.storyId", "=", "stories.id"))),
    )
    .execute();
  const unrevised = await db
    .selectFrom("articles")
    .leftJoin("articleRevisions", "articleRevisions.id", "articles.revisionId")
    .select("articles.id")
    .where("articleRevisions.id", "is", null)
    .execute();
  return [
    ...empty.map((row) => `story #${row.id} has no article`),
    ...unrevised.map((row) => `article #${row.id} has no revision`),
  ];
}

/** SQLite's own check of the file; "ok" when sound. */
export async function sqliteIntegrity(db: Db): Promise<string> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  return rows.map((row) => Object.values(row).join(" ")).join("; ");
}
