import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
import { ArticleService } from "../../articles/article-service.ts";
import {
  createArticlesInBulk,
  createStoriesInBulk,
  type NewArticle,
  type NewStory,
} from "../../articles/bulk-articles.ts";
import { createStoryWithArticle } from "../../articles/create-story-with-article.ts";
import { StoryService } from "../../articles/story-service.ts";
import { AuthorService } from "../../authors/author-service.ts";
import type { CommentHasher } from "../../comments/comment-hashing.ts";
import { writeImportedComment } from "../../comments/imported-comment.ts";
import { type ContentChangeLog, changeContent } from "../../content/unit-of-work.ts";
import type { Db } from "../../db/database.ts";
import { preparedQuery } from "../../db/prepared-query.ts";
import type { ArticleRow, TagKind } from "../../db/schema.ts";
import { FetchRefusedError, guardedFetch } from "../../embeds/guarded-fetch.ts";
import type { MediaService } from "../../media/media-service.ts";
import { PAGE_SLUG_SOURCE } from "../../pages/page.ts";
import { importPublishedPage } from "../../pages/page-manager.ts";
import { parseHtml, textOf } from "../../shared/body/html-tree.ts";
import { type ImportedPicture, linksIn, wordpressBody } from "../../shared/body/wordpress-body.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { TribuneError } from "../../shared/errors.ts";
import { isValidSlug, slugify } from "../../shared/slug.ts";
import { nowIso } from "../../shared/validate.ts";
import { gazetteerRegion } from "../../tags/gazetteer.ts";
import { TagService } from "../../tags/tag-service.ts";
import { type PlaceTag, placeNamed, type TermMapping } from "./term-kinds.ts";
import { BatchTranslationGroups } from "./translation-groups.ts";
import { openExport, readWxr, type WxrAuthor, type WxrItem, type WxrTerm } from "./wxr-reader.ts";

export type ImportKind = "author" | "term" | "attachment" | "post" | "page" | "comment";

export interface KindCounts {
  imported: number;
  updated: number;
  skipped: number;
  /** Why items were skipped, with how many. */
  reasons: Record<string, number>;
  /** What imported items came without (markup dropped from a body, a missing image), with how many. */
  notes: Record<string, number>;
}

export interface ImportSummary {
  runId: number | null;
  source: string;
  counts: Partial<Record<ImportKind, KindCounts>>;
  errors: { item: string; message: string }[];
  /** Stopped before the end (stopAfter): a rerun completes it. */
  stopped: boolean;
  dryRun: boolean;
}

export interface ImportProgress {
  items: number;
  bytesRead: number;
  totalBytes: number;
  pass: 1 | 2;
}

export interface WordpressImportOptions {
  db: Db;
  /** Told of what readers can see change: the command relays it to the running site (cache purges, webhooks). */
  events?: ContentEvents | undefined;
  media: MediaService;
  commentHasher: CommentHasher;
  /** Edition codes; posts in another language are reported and skipped. */
  editions: readonly string[];
  defaultEdition: string;
  /** The export's uploads folder (wp-content/uploads): attachments' files are read from it. */
  mediaDir?: string | undefined;
  /**
   * An attachment's file missing from `mediaDir` is downloaded from its URL in the export, guarded
   * (public addresses only, bounded size and time); false never downloads.
   */
  download?: false | { allowPrivate?: boolean; timeoutMs?: number; maxBytes?: number } | undefined;
  mapping?: TermMapping | undefined;
  /** Reads everything and reports what would change; stores nothing. */
  dryRun?: boolean | undefined;
  /** Tests: stop as a crash would once this many items have been written. */
  stopAfter?: number | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Ctrl-C: the item being written is finished, then the run stops (a rerun goes on from there). */
  signal?: AbortSignal | undefined;
}

/** A post never imported before, with the edition it goes to and its hash. */
interface NewPost {
  item: WxrItem;
  edition: string;
  hash: string;
}

/** What the import_items table says of an item already imported. */
interface ItemRecord {
  tribuneId: number;
  contentHash: string;
}

/** Thrown on purpose by `stopAfter`, and by a dry run to roll its transaction back. */
class StopImport extends Error {}

/** An attachment's download: how long it may take, and how large the file may be. */
const DOWNLOAD_TIMEOUT_MS = 15_000;
const DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** Posts written in one unit of work, and the most of their bodies' text held for one. */
const POSTS_PER_UNIT = 250;
const BYTES_PER_UNIT = 1024 * 1024;
const PAGE_SLUG = new RegExp(`^${PAGE_SLUG_SOURCE}$`);
const NOT_IMPORTED_STATUSES = new Set(["trash", "auto-draft", "inherit"]);

/**
 * `tribune import wordpress`: reads an export twice, as a stream each time. The first pass brings the
 * authors, categories, tags and attachments (small, and needed by every post); the second the posts,
 * each in one unit of work with its tags, hero, comments and import record, so a run stopped at any
 * point leaves whole posts only and the next run goes on where it stopped.
 */
export class WordpressImport {
  readonly #options: WordpressImportOptions;
  #db: Db;
  #source = "";
  readonly #summary: ImportSummary;
  readonly #authors = new Map<string, number>();
  /** "category:slug" / "post_tag:slug" → tag id. */
  readonly #tags = new Map<string, number>();
  readonly #terms: WxrTerm[] = [];
  /** Attachment id → its picture; and its file's URL (without size suffix) → attachment id. */
  readonly #pictures = new Map<number, ImportedPicture>();
  readonly #pictureUrls = new Map<string, number>();
  /**
   * Published pages by translation group, written together at the end of the second pass (a group's
   * translations are written at once). Sites have few pages: holding them costs little.
   */
  readonly #pages = new Map<string, { item: WxrItem; edition: string; hash: string }[]>();
  #written = 0;
  #items = 0;
  /** Posts read but not yet written: written together, in one unit of work (see #writeHeldPosts). */
  #heldPosts: WxrItem[] = [];
  #heldBytes = 0;
  /**
   * The import records of the batch being written, read in one query before it (source id → record,
   * null when the post was never imported), and kept up to date as its posts are written.
   */
  #batchRecords: Map<string, ItemRecord | null> | null = null;
  /** The stories the batch's translation groups became, likewise read once (see BatchTranslationGroups). */
  #batchGroups: BatchTranslationGroups | null = null;

  constructor(options: WordpressImportOptions) {
    this.#options = options;
    this.#db = options.db;
    this.#summary = {
      runId: null,
      source: "",
      counts: {},
      errors: [],
      stopped: false,
      dryRun: !!options.dryRun,
    };
  }

  async run(file: string): Promise<ImportSummary> {
    const totalBytes = (await stat(file)).size;
    const startedAt = nowIso();
    const run = await this.#options.db
      .insertInto("importRuns")
      .values({
        source: "wordpress",
        file,
        dryRun: this.#options.dryRun ? 1 : 0,
        status: "running",
        startedAt,
        finishedAt: null,
        counts: "{}",
        errors: "[]",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    this.#summary.runId = run.id;
    let status: "finished" | "stopped" | "failed" = "finished";
    try {
      if (this.#options.dryRun) {
        await this.#options.db
          .transaction()
          .execute(async (trx) => {
            this.#db = trx;
            await this.#passes(file, totalBytes);
            throw new StopImport("dry run");
          })
          .catch((error) => {
            if (!(error instanceof StopImport)) throw error;
          });
      } else {
        await this.#passes(file, totalBytes);
      }
    } catch (error) {
      if (error instanceof StopImport) {
        status = "stopped";
        this.#summary.stopped = true;
      } else {
        status = "failed";
        this.#summary.errors.push({ item: "import", message: (error as Error).message });
        throw error;
      }
    } finally {
      await this.#options.db
        .updateTable("importRuns")
        .set({
          source: this.#source || "wordpress",
          status,
          finishedAt: nowIso(),
          counts: JSON.stringify(this.#summary.counts),
          errors: JSON.stringify(this.#summary.errors.slice(0, 1000)),
        })
        .where("id", "=", run.id)
        .execute();
    }
    return this.#summary;
  }

  async #passes(file: string, totalBytes: number): Promise<void> {
    for (const pass of [1, 2] as const) {
      const { stream, bytesRead } = openExport(file);
      for await (const record of readWxr(stream)) {
        if (record.kind === "site") {
          this.#source = `wordpress:${record.url}`;
          this.#summary.source = this.#source;
          if (pass === 1) await this.#importTerms();
        } else if (record.kind === "author") {
          if (pass === 1) await this.#guard(`author ${record.login}`, () => this.#importAuthor(record));
          else await this.#rememberAuthor(record);
        } else if (record.kind === "term") {
          if (pass === 1) this.#terms.push(record);
        } else {
          this.#items += 1;
          if (pass === 1 && record.type === "attachment") {
            await this.#guard(`attachment ${record.id}`, () => this.#importAttachment(record));
          } else if (pass === 2 && record.type === "post") {
            await this.#holdPost(record);
          } else if (pass === 2 && record.type === "page") {
            await this.#guard(`page ${record.id}`, () => this.#holdPage(record));
          } else if (pass === 2 && record.type !== "attachment") {
            this.#count("post", "skipped", `${record.type || "unknown"} items are not imported`);
          }
          this.#options.onProgress?.({ items: this.#items, bytesRead: bytesRead(), totalBytes, pass });
          if (this.#options.signal?.aborted) {
            await this.#writeHeldPosts();
            throw new StopImport("interrupted");
          }
        }
      }
      if (pass === 2) await this.#writeHeldPosts();
    }
    for (const [group, pages] of this.#pages) {
      await this.#guard(`page ${pages.map((p) => p.item.id).join(", ")}`, () =>
        this.#importPages(group, pages),
      );
    }
  }

  /** One item's failure is reported and the run goes on; a stop is a stop. */
  async #guard(item: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof StopImport) throw error;
      if (!(error instanceof TribuneError)) throw error;
      this.#summary.errors.push({ item, message: error.message });
    }
  }

  #count(kind: ImportKind, outcome: "imported" | "updated" | "skipped" | "note", reason?: string): void {
    const counts = this.#summary.counts[kind] ?? {
      imported: 0,
      updated: 0,
      skipped: 0,
      reasons: {},
      notes: {},
    };
    this.#summary.counts[kind] = counts;
    const tally = outcome === "note" ? counts.notes : counts.reasons;
    if (outcome !== "note") counts[outcome] += 1;
    if (reason) tally[reason] = (tally[reason] ?? 0) + 1;
  }

  /** Counts an item written, and stops there when the test asked to. */
  #wrote(): void {
    this.#written += 1;
    if (this.#options.stopAfter !== undefined && this.#written >= this.#options.stopAfter) {
      throw new StopImport(`stopped after ${this.#written} items`);
    }
  }

  async #record(
    db: Db,
    kind: ImportKind,
    sourceId: string | number,
    tribuneId: number,
    hash: string,
    extra: { groupKey?: string | null; oldPath?: string | null } = {},
  ): Promise<void> {
    const values = {
      tribuneId,
      contentHash: hash,
      groupKey: extra.groupKey ?? null,
      oldPath: extra.oldPath ?? null,
      importedAt: nowIso(),
    };
    await db
      .insertInto("importItems")
      .values({ source: this.#source, kind, sourceId: String(sourceId), ...values })
      .onConflict((oc) => oc.columns(["source", "kind", "sourceId"]).doUpdateSet(values))
      .execute();
    if (kind === "post") this.#batchRecords?.set(String(sourceId), { tribuneId, contentHash: hash });
  }

  /** Records of many items of one kind, in one statement per slice. */
  async #recordMany(
    db: Db,
    kind: ImportKind,
    items: readonly {
      sourceId: string | number;
      tribuneId: number;
      hash: string;
      groupKey: string | null;
      oldPath: string | null;
    }[],
  ): Promise<void> {
    const importedAt = nowIso();
    for (let i = 0; i < items.length; i += 500) {
      await db
        .insertInto("importItems")
        .values(
          items.slice(i, i + 500).map(({ sourceId, tribuneId, hash, groupKey, oldPath }) => ({
            source: this.#source,
            kind,
            sourceId: String(sourceId),
            tribuneId,
            contentHash: hash,
            groupKey,
            oldPath,
            importedAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["source", "kind", "sourceId"]).doUpdateSet((eb) => ({
            tribuneId: eb.ref("excluded.tribuneId"),
            contentHash: eb.ref("excluded.contentHash"),
            groupKey: eb.ref("excluded.groupKey"),
            oldPath: eb.ref("excluded.oldPath"),
            importedAt: eb.ref("excluded.importedAt"),
          })),
        )
        .execute();
    }
    if (kind === "post") {
      for (const { sourceId, tribuneId, hash } of items)
        this.#batchRecords?.set(String(sourceId), { tribuneId, contentHash: hash });
    }
  }

  /** The import record of an item, read in `db` (the post's unit, for its comments). */
  async #recorded(
    kind: ImportKind,
    sourceId: string | number,
    db: Db = this.#db,
  ): Promise<ItemRecord | undefined> {
    const batched = kind === "post" ? this.#batchRecords?.get(String(sourceId)) : undefined;
    if (batched !== undefined) return batched ?? undefined;
    const [record] = await importRecordQuery(db, this.#source, kind, String(sourceId));
    return record;
  }

  // Authors ------------------------------------------------------------------------------------------

  async #importAuthor(author: WxrAuthor): Promise<void> {
    const hash = hashOf(author);
    const known = await this.#recorded("author", author.login);
    if (known?.contentHash === hash) {
      this.#authors.set(author.login, known.tribuneId);
      return this.#count("author", "skipped", "unchanged");
    }
    const slug = slugify(author.login) || slugify(author.displayName) || "author";
    const row = await new AuthorService(this.#db).upsertAuthor({
      name: author.displayName || author.login,
      slug,
    });
    await this.#record(this.#db, "author", author.login, row.id, hash);
    this.#authors.set(author.login, row.id);
    this.#count("author", known ? "updated" : "imported");
  }

  async #rememberAuthor(author: WxrAuthor): Promise<void> {
    if (this.#authors.has(author.login)) return;
    const known = await this.#recorded("author", author.login);
    if (known) this.#authors.set(author.login, known.tribuneId);
  }

  // Categories and tags ------------------------------------------------------------------------------

  /** Categories parents first (the export may list a child before its parent), then tags. */
  async #importTerms(): Promise<void> {
    // WordPress's default category says nothing about a post.
    const taxonomyTerms = this.#terms.filter(
      (t) => (t.taxonomy === "category" && t.slug !== "uncategorized") || t.taxonomy === "post_tag",
    );
    const bySlug = new Map(taxonomyTerms.map((t) => [`${t.taxonomy}:${t.slug}`, t]));
    const depth = (term: WxrTerm, seen = 0): number => {
      const parent = term.parent ? bySlug.get(`${term.taxonomy}:${term.parent}`) : undefined;
      return parent && seen < 20 ? 1 + depth(parent, seen + 1) : 0;
    };
    const ordered = [...taxonomyTerms].sort((a, b) => depth(a) - depth(b));
    const translations = termTranslations(
      taxonomyTerms,
      this.#terms.filter((t) => t.taxonomy === "term_translations"),
      this.#options.editions,
    );
    for (const term of ordered) {
      const linked = translations.get(term);
      // A group of translations is one tag, written when its first term (the default edition's) comes.
      const first = linked?.get(this.#options.defaultEdition) ?? linked?.values().next().value;
      if (linked && first !== term) continue;
      await this.#guard(`${term.taxonomy} ${term.slug}`, () => this.#importTerm(term, linked));
    }
  }

  /** One category or tag, or a group of translations of one (`linked`, by edition) as one tag. */
  async #importTerm(term: WxrTerm, linked?: ReadonlyMap<string, WxrTerm>): Promise<void> {
    const id = `${term.taxonomy}:${term.slug}`;
    const members = linked ? [...linked.values()] : [term];
    const mapped = (
      term.taxonomy === "category" ? this.#options.mapping?.categories : this.#options.mapping?.tags
    )?.[term.slug];
    const hash = hashOf(linked ? { term, mapped, linked: [...linked] } : { term, mapped });
    const known = await this.#recorded("term", id);
    if (known?.contentHash === hash) {
      for (const member of members) this.#tags.set(`${member.taxonomy}:${member.slug}`, known.tribuneId);
      return this.#count("term", "skipped", "unchanged");
    }
    const tags = new TagService(this.#db);
    const place = placeNamed(term.name);
    const kind: TagKind = mapped ?? place?.kind ?? (term.taxonomy === "category" ? "section" : "topic");
    let tagId: number;
    if (place && (kind === "country" || kind === "region")) {
      // A place the gazetteer knows: the one tag of that place, named in every language it knows.
      if (place.parent) {
        const region = gazetteerRegion(place.parent);
        await tags.upsertTag(this.#placeTag({ ...region, kind: "region", parent: null }, "region"));
      }
      tagId = (await tags.upsertTag(this.#placeTag(place, kind))).id;
    } else {
      const parentKey = term.parent ? await this.#parentKey(term) : null;
      const slugOf = (t: WxrTerm) => slugify(safeDecode(t.slug)) || slugify(t.name) || "tag";
      const key = `${term.taxonomy === "category" ? "wp-category" : "wp-tag"}-${slugOf(term)}`.slice(0, 80);
      // Each edition names the tag as its translation does; one without a translation as the first.
      const names = Object.fromEntries(
        this.#options.editions.map((e) => {
          const named = linked?.get(e) ?? term;
          return [e, { name: named.name, slug: slugOf(named) }];
        }),
      );
      tagId = (await tags.upsertTag({ key, kind, parent: parentKey, names })).id;
    }
    for (const member of members) {
      const memberId = `${member.taxonomy}:${member.slug}`;
      await this.#record(this.#db, "term", memberId, tagId, hash);
      this.#tags.set(memberId, tagId);
      this.#count("term", known ? "updated" : "imported");
    }
  }

  #placeTag(place: PlaceTag, kind: TagKind) {
    const names = Object.fromEntries(
      this.#options.editions.map((e) => [e, place.names[e as keyof typeof place.names] ?? place.names.en]),
    );
    return { key: place.key, kind, parent: kind === "country" ? place.parent : null, names };
  }

  async #parentKey(term: WxrTerm): Promise<string | null> {
    const parentId = this.#tags.get(`${term.taxonomy}:${term.parent}`);
    if (parentId === undefined) return null;
    const parent = await this.#db
      .selectFrom("tags")
      .select("key")
      .where("id", "=", parentId)
      .executeTakeFirst();
    return parent?.key ?? null;
  }

  // Attachments --------------------------------------------------------------------------------------

  async #importAttachment(item: WxrItem): Promise<void> {
    const credit = (item.meta._media_credit ?? item.meta._wp_attachment_credit ?? "").trim() || null;
    const file = item.meta._wp_attached_file ?? "";
    const hash = hashOf({ file, credit, caption: item.excerpt, alt: item.meta._wp_attachment_image_alt });
    const known = await this.#recorded("attachment", item.id);
    if (item.attachmentUrl) this.#pictureUrls.set(withoutSizeSuffix(item.attachmentUrl), item.id);
    if (known?.contentHash === hash) {
      this.#pictures.set(item.id, { mediaId: known.tribuneId, credit });
      return this.#count("attachment", "skipped", "unchanged");
    }
    if (!/\.(jpe?g|png|webp|gif|avif|tiff?)$/i.test(file)) {
      return this.#count("attachment", "skipped", "not an image");
    }
    const data = (await this.#readUpload(file)) ?? (await this.#downloadUpload(item));
    if (typeof data === "string") return this.#count("attachment", "skipped", data);
    if (this.#options.dryRun) {
      this.#pictures.set(item.id, { mediaId: 0, credit });
      return this.#count("attachment", known ? "updated" : "imported");
    }
    const language = this.#languageOf(item);
    const edition =
      language && this.#options.editions.includes(language) ? language : this.#options.defaultEdition;
    const caption = plainText(item.excerpt).slice(0, 500) || null;
    const alt = (item.meta._wp_attachment_image_alt ?? "").trim().slice(0, 300) || null;
    const row = await this.#options.media.importImage({
      data,
      originalName: file.split("/").pop() ?? file,
      credit,
      key: `wp-${item.id}`,
      texts: { [edition]: { caption, alt } },
    });
    await this.#record(this.#options.db, "attachment", item.id, row.id, hash);
    this.#pictures.set(item.id, { mediaId: row.id, credit });
    this.#count("attachment", known ? "updated" : "imported");
    this.#wrote();
  }

  /** The upload's bytes from --media-dir, never from outside it; undefined when it is not there. */
  async #readUpload(file: string): Promise<Buffer | undefined> {
    const dir = this.#options.mediaDir;
    if (!dir || !file) return undefined;
    const path = normalize(join(dir, file));
    if (!path.startsWith(normalize(dir) + sep)) return undefined;
    try {
      return await readFile(path);
    } catch {
      return undefined;
    }
  }

  /**
   * The attachment's file from its URL in the export, through the guarded fetch; what went wrong
   * (as the summary says it) when it cannot be had.
   */
  async #downloadUpload(item: WxrItem): Promise<Buffer | string> {
    const missing = "file missing from --media-dir";
    const download = this.#options.download ?? {};
    if (download === false || !/^https?:\/\//i.test(item.attachmentUrl)) return missing;
    try {
      const answer = await guardedFetch(item.attachmentUrl, {
        timeoutMs: download.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
        maxBytes: download.maxBytes ?? DOWNLOAD_MAX_BYTES,
        trustedHost: null,
        allowPrivate: download.allowPrivate === true,
        accept: "image/*",
        userAgent: "Tribune import",
      });
      return answer.body;
    } catch (error) {
      if (!(error instanceof FetchRefusedError)) throw error;
      return `${missing}, and its URL could not be read: ${error.message}`;
    }
  }

  // Posts --------------------------------------------------------------------------------------------

  /**
   * Holds a post until a batch is full. A unit of work per post costs a commit and a refresh of its
   * story's listings and search entries for each translation; one per batch commits once and
   * refreshes each story once. A dry run writes each post alone (its transaction is never committed).
   */
  async #holdPost(item: WxrItem): Promise<void> {
    this.#heldPosts.push(item);
    this.#heldBytes += item.content.length;
    const full = this.#heldPosts.length >= POSTS_PER_UNIT || this.#heldBytes >= BYTES_PER_UNIT;
    if (full || this.#options.dryRun) await this.#writeHeldPosts();
  }

  /**
   * Writes the held posts in one unit of work: all of them or none, so a crash leaves whole posts
   * only. When one of them fails, the unit is undone and the batch written again post by post, so
   * that the failure is reported for that post alone and the others are imported.
   */
  async #writeHeldPosts(): Promise<void> {
    const batch = this.#heldPosts;
    this.#heldPosts = [];
    this.#heldBytes = 0;
    if (batch.length === 0) return;
    if (batch.length === 1 || this.#db.isTransaction) {
      for (const item of batch) await this.#guard(`post ${item.id}`, () => this.#importPost(item));
      return;
    }
    const counts = structuredClone(this.#summary.counts);
    const written = this.#written;
    const outer = this.#db;
    try {
      await changeContent(outer, this.#options.events, async (trx, log) => {
        this.#db = trx;
        this.#batchRecords = await this.#postRecords(trx, batch);
        this.#batchGroups = await BatchTranslationGroups.load(
          trx,
          this.#source,
          batch.flatMap((item) => this.#translationGroupOf(item) ?? []),
        );
        // Posts already imported are updated one by one (a rerun changes few); new ones all at once.
        const fresh: NewPost[] = [];
        for (const item of batch) {
          const plan = this.#planPost(item);
          if (typeof plan === "string") this.#count("post", "skipped", plan);
          else if (this.#batchRecords.get(String(item.id))) await this.#importPost(item);
          else if (fresh.some((post) => post.item.id === item.id))
            this.#count("post", "skipped", "listed twice in the export");
          else fresh.push({ item, ...plan });
        }
        await this.#importNewPosts(trx, log, fresh);
      });
    } catch (error) {
      if (error instanceof StopImport || !(error instanceof TribuneError)) throw error;
      this.#summary.counts = counts;
      this.#written = written;
      this.#db = outer;
      // The unit was undone: the records it wrote are gone, so each post reads its own again.
      this.#batchRecords = null;
      this.#batchGroups = null;
      for (const item of batch) await this.#guard(`post ${item.id}`, () => this.#importPost(item));
    } finally {
      this.#db = outer;
      this.#batchRecords = null;
      this.#batchGroups = null;
    }
  }

  /** The import records of a batch's posts, in one query: every post of it has an entry (null: new). */
  async #postRecords(db: Db, batch: readonly WxrItem[]): Promise<Map<string, ItemRecord | null>> {
    const sourceIds = [...new Set(batch.map((item) => String(item.id)))];
    const rows = await db
      .selectFrom("importItems")
      .select(["sourceId", "tribuneId", "contentHash"])
      .where("source", "=", this.#source)
      .where("kind", "=", "post")
      .where("sourceId", "in", sourceIds)
      .execute();
    const records = new Map<string, ItemRecord | null>(sourceIds.map((id) => [id, null]));
    for (const { sourceId, ...record } of rows) records.set(sourceId, record);
    return records;
  }

  /**
   * The item's language: Polylang's `language` term, or the `_wpml_import_language_code` field of
   * WPML's Export and Import. A regional code (`pt-br`) stands for its language (`pt`) when only
   * that is an edition.
   */
  #languageOf(item: WxrItem): string | undefined {
    const code = (
      item.categories.find((c) => c.domain === "language")?.nicename ?? item.meta._wpml_import_language_code
    )
      ?.trim()
      .toLowerCase();
    if (!code || this.#options.editions.includes(code)) return code || undefined;
    const language = code.split(/[-_]/)[0] ?? "";
    return this.#options.editions.includes(language) ? language : code;
  }

  /** The translations an item belongs to: Polylang's `post_translations` term, or WPML's group. */
  #translationGroupOf(item: WxrItem): string | undefined {
    const polylang = item.categories.find((c) => c.domain === "post_translations")?.nicename;
    const wpml = item.meta._wpml_import_translation_group?.trim();
    return polylang ?? (wpml ? `wpml-${wpml}` : undefined);
  }

  /** The edition a post goes to and its hash, or why it is skipped. */
  #planPost(item: WxrItem): { edition: string; hash: string } | string {
    if (NOT_IMPORTED_STATUSES.has(item.status)) return `status ${item.status}`;
    const language = this.#languageOf(item);
    if (language && !this.#options.editions.includes(language)) {
      return `language "${language}" has no edition`;
    }
    return { edition: language ?? this.#options.defaultEdition, hash: hashOf(item) };
  }

  async #importPost(item: WxrItem): Promise<void> {
    const plan = this.#planPost(item);
    if (typeof plan === "string") return this.#count("post", "skipped", plan);
    const { edition, hash } = plan;
    const known = await this.#recorded("post", item.id);
    if (known?.contentHash === hash) return this.#count("post", "skipped", "unchanged");
    const groupKey = this.#translationGroupOf(item) ?? null;
    const oldPath = oldPathOf(item.link);
    const body = await this.#body(item);
    for (const dropped of body.dropped)
      this.#count("post", "note", `dropped from a body: ${dropped.split(" ")[0]}`);
    const hero = this.#heroOf(item);
    if (this.#heroMissing(item)) this.#count("post", "note", "featured image not imported");
    const tagIds = this.#tagIdsOf(item);
    const fields = {
      title: plainText(item.title).slice(0, 300) || `(untitled ${item.id})`,
      summary: plainText(item.excerpt).slice(0, 1000) || null,
      body: body.doc,
    };
    await changeContent(this.#db, this.#options.events, async (trx) => {
      const articles = new ArticleService(trx);
      const stories = new StoryService(trx);
      let article: ArticleRow;
      let madeStory = false;
      if (known) {
        article = await articles.updateArticle(known.tribuneId, fields);
      } else {
        const slug = await freeSlug(trx, "articles", edition, item.slug);
        const authorId = this.#authors.get(item.creator) ?? null;
        const storyId = groupKey ? await this.#storyOfGroup(trx, groupKey, edition) : undefined;
        madeStory = storyId === undefined;
        article =
          storyId === undefined
            ? (
                await createStoryWithArticle(
                  trx,
                  { originalEdition: edition, key: `wp-${item.id}` },
                  { ...fields, ...(slug ? { slug } : {}), authorId },
                )
              ).article
            : await articles.createArticle({
                ...fields,
                ...(slug ? { slug } : {}),
                storyId,
                edition,
                authorId,
              });
        const wpSlug = safeDecode(item.slug);
        if (wpSlug && wpSlug !== article.slug && isValidSlug(wpSlug)) {
          await keepOldSlug(trx, edition, wpSlug, article.id);
        }
      }
      await this.#setStatus(articles, article, item);
      const story = await stories.getById(article.storyId);
      const storyTags = await trx
        .selectFrom("storyTags")
        .select("tagId")
        .where("storyId", "=", story.id)
        .execute();
      const merged = [...new Set([...storyTags.map((t) => t.tagId), ...tagIds])];
      if (merged.length !== storyTags.length) await stories.setTags(story.id, merged);
      if (hero && story.heroMediaId === null) await stories.setHero(story.id, hero.mediaId);
      await this.#importComments(trx, item, article);
      await this.#record(trx, "post", item.id, article.id, hash, { groupKey, oldPath });
      this.#batchGroups?.wrote(groupKey, article.storyId, article.edition, madeStory);
    });
    this.#count("post", known ? "updated" : "imported");
    this.#wrote();
  }

  async #setStatus(articles: ArticleService, article: ArticleRow, item: WxrItem): Promise<void> {
    const at = gmtInstant(item.dateGmt) ?? gmtInstant(item.date);
    if (item.status === "publish" || item.status === "future") {
      if (article.status !== "published" && article.status !== "scheduled") {
        await articles.publishArticle(article.id, at ? { at } : {});
      }
    } else if (article.status === "published" || article.status === "scheduled") {
      // A draft, pending or private post: not public.
      await articles.unpublishArticle(article.id);
    }
  }

  /** The story a translation group already became (through any of its posts) that lacks this edition. */
  async #storyOfGroup(trx: Db, groupKey: string, edition: string): Promise<number | undefined> {
    const batched = this.#batchGroups?.storyWithout(groupKey, edition);
    if (batched !== undefined) return batched ?? undefined;
    const [row] = await groupStoryWithoutEditionQuery(trx, this.#source, groupKey, edition);
    return row?.storyId;
  }

  /**
   * The item's body document. Its links to imported posts become READ callouts: `storiesByPath`
   * holds those a batch read at once (old path → story), else they are read for this item alone.
   */
  async #body(item: WxrItem, storiesByPath?: ReadonlyMap<string, number>) {
    const storiesByHref = new Map<string, number>();
    const hrefs = linksIn(item.content);
    const known = storiesByPath ?? (await this.#storiesOfOldPaths(hrefs));
    for (const href of hrefs) {
      const storyId = known.get(oldPathOf(href) ?? "");
      if (storyId !== undefined) storiesByHref.set(href, storyId);
    }
    return wordpressBody(item.content, {
      picture: (attachmentId, src) => {
        const id = attachmentId ?? this.#pictureUrls.get(withoutSizeSuffix(src));
        const picture = id === undefined ? undefined : this.#pictures.get(id);
        return picture && picture.mediaId > 0 ? picture : undefined;
      },
      story: (href) => storiesByHref.get(href),
    });
  }

  /** The stories imported posts with these links' old paths became (old path → story). */
  async #storiesOfOldPaths(hrefs: readonly string[]): Promise<Map<string, number>> {
    const stories = new Map<string, number>();
    const paths = [...new Set(hrefs.flatMap((href) => oldPathOf(href) ?? []))];
    if (paths.length === 0 || !this.#source) return stories;
    for (let i = 0; i < paths.length; i += 500) {
      const rows = await this.#db
        .selectFrom("importItems")
        .innerJoin("articles", "articles.id", "importItems.tribuneId")
        .select(["importItems.oldPath", "articles.storyId"])
        .where("importItems.source", "=", this.#source)
        .where("importItems.kind", "=", "post")
        .where("importItems.oldPath", "in", paths.slice(i, i + 500))
        .execute();
      for (const row of rows)
        if (row.oldPath && !stories.has(row.oldPath)) stories.set(row.oldPath, row.storyId);
    }
    return stories;
  }

  /**
   * New posts of a batch, written together (see createArticlesInBulk): their stories first (a
   * translation joins its group's story that lacks its edition, as #importPost finds it), then their
   * bodies (a link to a post of the batch is a READ callout too), articles, old slugs and records,
   * in a few statements of many rows; comments post by post.
   */
  async #importNewPosts(trx: Db, log: ContentChangeLog, posts: readonly NewPost[]): Promise<void> {
    if (posts.length === 0) return;
    const stories = await this.#storiesOfNewPosts(trx, posts);
    const inBatch = new Map<string, number>();
    for (const [index, { item }] of posts.entries()) {
      const path = oldPathOf(item.link);
      const storyId = stories[index];
      if (path && storyId !== undefined && !inBatch.has(path)) inBatch.set(path, storyId);
    }
    const known = await this.#storiesOfOldPaths(posts.flatMap(({ item }) => linksIn(item.content)));
    const storiesByPath = new Map([...inBatch, ...known]);
    const articles: NewArticle[] = [];
    for (const [index, { item, edition }] of posts.entries()) {
      const body = await this.#body(item, storiesByPath);
      for (const dropped of body.dropped)
        this.#count("post", "note", `dropped from a body: ${dropped.split(" ")[0]}`);
      const hero = this.#heroOf(item);
      if (this.#heroMissing(item)) this.#count("post", "note", "featured image not imported");
      const at = gmtInstant(item.dateGmt) ?? gmtInstant(item.date) ?? null;
      articles.push({
        storyId: stories[index] ?? 0,
        edition,
        title: plainText(item.title).slice(0, 300) || `(untitled ${item.id})`,
        summary: plainText(item.excerpt).slice(0, 1000) || null,
        // As JSON text: the batch holds its bodies until they are written, and the text is the smaller.
        body: JSON.stringify(body.doc),
        slug: safeDecode(item.slug) || undefined,
        authorId: this.#authors.get(item.creator) ?? null,
        publishAt: item.status === "publish" || item.status === "future" ? at : undefined,
        tagIds: this.#tagIdsOf(item),
        heroMediaId: hero?.mediaId ?? null,
      });
    }
    const written = await createArticlesInBulk(trx, log, articles);
    const oldSlugs = written.flatMap((article, index) => {
      const wpSlug = safeDecode(posts[index]?.item.slug ?? "");
      return wpSlug && wpSlug !== article.slug && isValidSlug(wpSlug)
        ? [{ edition: article.edition, slug: wpSlug, articleId: article.id, createdAt: nowIso() }]
        : [];
    });
    await keepOldSlugs(trx, oldSlugs);
    for (const [index, article] of written.entries()) {
      const post = posts[index];
      if (post) await this.#importComments(trx, post.item, article);
    }
    await this.#recordMany(
      trx,
      "post",
      written.flatMap((article, index) => {
        const post = posts[index];
        if (!post) return [];
        const { item, hash } = post;
        const groupKey = this.#translationGroupOf(item) ?? null;
        return [{ sourceId: item.id, tribuneId: article.id, hash, groupKey, oldPath: oldPathOf(item.link) }];
      }),
    );
    for (const _ of written) {
      this.#count("post", "imported");
      this.#wrote();
    }
  }

  /**
   * The story of each new post, by index: the story its translation group already became that lacks
   * its edition, or one of the batch's, or a new one (made here, with the post's hero).
   */
  async #storiesOfNewPosts(trx: Db, posts: readonly NewPost[]): Promise<number[]> {
    const newStories: NewStory[] = [];
    /** Group key → the stories the batch makes for it, with their editions. */
    const made = new Map<string, { key: string; editions: Set<string> }[]>();
    /** Stories already there that an article of the batch took, in that edition ("story:edition"). */
    const taken = new Set<string>();
    const choices: (number | string)[] = [];
    for (const { item, edition } of posts) {
      const groupKey = this.#translationGroupOf(item);
      let choice: number | string | undefined;
      if (groupKey) {
        const existing = await this.#storyOfGroup(trx, groupKey, edition);
        if (existing !== undefined && !taken.has(`${existing}:${edition}`)) {
          choice = existing;
          taken.add(`${existing}:${edition}`);
          this.#batchGroups?.wrote(groupKey, existing, edition, false);
        } else {
          const story = made.get(groupKey)?.find((s) => !s.editions.has(edition));
          story?.editions.add(edition);
          choice = story?.key;
        }
      }
      if (choice === undefined) {
        const key = `wp-${item.id}`;
        newStories.push({ key, originalEdition: edition, heroMediaId: this.#heroOf(item)?.mediaId ?? null });
        if (groupKey)
          made.set(groupKey, [...(made.get(groupKey) ?? []), { key, editions: new Set([edition]) }]);
        choice = key;
      }
      choices.push(choice);
    }
    const ids = await createStoriesInBulk(trx, newStories);
    return choices.map((choice) => (typeof choice === "number" ? choice : (ids.get(choice) ?? 0)));
  }

  /** The post has a featured image that was not imported. */
  #heroMissing(item: WxrItem): boolean {
    const heroId = Number(item.meta._thumbnail_id ?? 0);
    return heroId > 0 && !this.#pictures.has(heroId);
  }

  /** The post's featured image, when it was imported. */
  #heroOf(item: WxrItem): ImportedPicture | undefined {
    const heroId = Number(item.meta._thumbnail_id ?? 0);
    const hero = heroId ? this.#pictures.get(heroId) : undefined;
    return hero && hero.mediaId > 0 ? hero : undefined;
  }

  #tagIdsOf(item: WxrItem): number[] {
    return item.categories.flatMap((c) => {
      const id = this.#tags.get(`${c.domain}:${c.nicename}`);
      return id === undefined ? [] : [id];
    });
  }

  // Pages --------------------------------------------------------------------------------------------

  async #holdPage(item: WxrItem): Promise<void> {
    if (item.status !== "publish")
      return this.#count("page", "skipped", `status ${item.status} (only published pages)`);
    const language = this.#languageOf(item);
    if (language && !this.#options.editions.includes(language)) {
      return this.#count("page", "skipped", `language "${language}" has no edition`);
    }
    const hash = hashOf(item);
    const known = await this.#recorded("page", item.id);
    if (known?.contentHash === hash) return this.#count("page", "skipped", "unchanged");
    if (known) return this.#count("page", "skipped", "changed since imported: edit it in the newsroom");
    const group = this.#translationGroupOf(item) ?? `page-${item.id}`;
    const held = this.#pages.get(group) ?? [];
    held.push({ item, edition: language ?? this.#options.defaultEdition, hash });
    this.#pages.set(group, held);
  }

  async #importPages(group: string, held: { item: WxrItem; edition: string; hash: string }[]): Promise<void> {
    const versions = held.filter(
      (page, index) => held.findIndex((p) => p.edition === page.edition) === index,
    );
    await changeContent(this.#db, this.#options.events, async (trx) => {
      const pages = await importPublishedPage(
        trx,
        await Promise.all(
          versions.map(async ({ item, edition }) => ({
            edition,
            fields: {
              title: plainText(item.title).slice(0, 200) || `(untitled ${item.id})`,
              slug: (await freeSlug(trx, "pages", edition, item.slug)) ?? "",
              body: (await this.#body(item)).doc,
              metaDescription: null,
              inFooter: false,
              footerPosition: 0,
            },
          })),
        ),
      );
      for (const [index, page] of pages.entries()) {
        const version = versions[index];
        if (version)
          await this.#record(trx, "page", version.item.id, page.id, version.hash, {
            groupKey: group,
            oldPath: oldPathOf(version.item.link),
          });
      }
    });
    for (const _ of versions) this.#count("page", "imported");
    for (const _ of held.slice(versions.length))
      this.#count("page", "skipped", "a second page in one edition of a group");
    this.#wrote();
  }

  // Comments -----------------------------------------------------------------------------------------

  async #importComments(trx: Db, item: WxrItem, article: { id: number; edition: string }): Promise<void> {
    for (const comment of item.comments) {
      if (comment.type && comment.type !== "comment") {
        this.#count("comment", "skipped", `${comment.type}s are not imported`);
        continue;
      }
      const status = comment.approved === "1" ? "approved" : comment.approved === "0" ? "pending" : null;
      if (!status) {
        this.#count("comment", "skipped", comment.approved === "spam" ? "spam" : "trash");
        continue;
      }
      const known = await this.#recorded("comment", comment.id, trx);
      if (known) {
        this.#count("comment", "skipped", "already imported");
        continue;
      }
      const text = plainText(comment.content, true).slice(0, 10_000);
      if (!text) {
        this.#count("comment", "skipped", "empty");
        continue;
      }
      const parent = comment.parentId ? await this.#recorded("comment", comment.parentId, trx) : undefined;
      const id = await writeImportedComment(trx, this.#options.commentHasher, this.#options.events, {
        article: { id: article.id, edition: article.edition },
        parentId: parent?.tribuneId ?? null,
        status,
        authorName: plainText(comment.author),
        authorEmail: comment.email.trim(),
        text,
        createdAt: gmtInstant(comment.dateGmt) ?? nowIso(),
      });
      await this.#record(trx, "comment", comment.id, id, hashOf(comment));
      this.#count("comment", "imported");
    }
  }
}

// The import's own lookups, run for every post: built and compiled once (see preparedQuery).
const importRecordQuery = preparedQuery((db: Db, source: string, kind: string, sourceId: string) =>
  db
    .selectFrom("importItems")
    .select(["tribuneId", "contentHash"])
    .where("source", "=", source)
    .where("kind", "=", kind)
    .where("sourceId", "=", sourceId),
);

/** The oldest story of a translation group (through any of its posts) without an article in `edition`. */
const groupStoryWithoutEditionQuery = preparedQuery(
  (db: Db, source: string, groupKey: string, edition: string) =>
    db
      .selectFrom("importItems")
      .innerJoin("articles", "articles.id", "importItems.tribuneId")
      .select("articles.storyId")
      .where("importItems.source", "=", source)
      .where("importItems.kind", "=", "post")
      .where("importItems.groupKey", "=", groupKey)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("articles as translation")
              .select("translation.id")
              .whereRef("translation.storyId", "=", "articles.storyId")
              .where("translation.edition", "=", edition),
          ),
        ),
      )
      .orderBy("articles.storyId")
      .limit(1),
);

const slugOwnerQueries = {
  articles: preparedQuery((db: Db, edition: string, slug: string) =>
    db.selectFrom("articles").select("id").where("edition", "=", edition).where("slug", "=", slug),
  ),
  pages: preparedQuery((db: Db, edition: string, slug: string) =>
    db.selectFrom("pages").select("id").where("edition", "=", edition).where("slug", "=", slug),
  ),
};

/**
 * The item's own slug when Tribune accepts it (a page's is plain ASCII) and no article or page of the
 * edition has it; undefined to let Tribune make one from the title.
 */
async function freeSlug(
  trx: Db,
  table: "articles" | "pages",
  edition: string,
  wpSlug: string,
): Promise<string | undefined> {
  const slug = safeDecode(wpSlug);
  if (!slug || !(table === "pages" ? PAGE_SLUG.test(slug) : isValidSlug(slug))) return undefined;
  const [owner] = await slugOwnerQueries[table](trx, edition, slug);
  return owner ? undefined : slug;
}

/** Slugs the articles never had here (WordPress's, when Tribune's differ) lead to them, in one statement. */
async function keepOldSlugs(
  trx: Db,
  rows: readonly { edition: string; slug: string; articleId: number; createdAt: string }[],
): Promise<void> {
  const unique = [...new Map(rows.map((row) => [`${row.edition}:${row.slug}`, row])).values()];
  for (let i = 0; i < unique.length; i += 500) {
    await trx
      .insertInto("articleSlugHistory")
      .values(unique.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["edition", "slug"]).doNothing())
      .execute();
  }
}

/** A slug the article no longer has (WordPress's, when Tribune's differs) keeps leading to it. */
async function keepOldSlug(trx: Db, edition: string, slug: string, articleId: number): Promise<void> {
  await trx
    .insertInto("articleSlugHistory")
    .values({ edition, slug, articleId, createdAt: nowIso() })
    .onConflict((oc) => oc.columns(["edition", "slug"]).doNothing())
    .execute();
}

/**
 * Polylang's `term_translations` terms (`translationTerms`): each lists, in its description (PHP-serialized, e.g.
 * `a:2:{s:2:"en";i:10;s:2:"pt";i:14;}`), the term id of each language's version of one category or
 * tag. Returns each linked term of `terms` with its group, by edition (languages without an edition left out;
 * a group left with one term is no group).
 */
function termTranslations(
  terms: readonly WxrTerm[],
  translationTerms: readonly WxrTerm[],
  editions: readonly string[],
): Map<WxrTerm, ReadonlyMap<string, WxrTerm>> {
  const byId = new Map(terms.filter((t) => t.id).map((t) => [t.id, t]));
  const groups = new Map<WxrTerm, ReadonlyMap<string, WxrTerm>>();
  for (const group of translationTerms) {
    const members = new Map<string, WxrTerm>();
    for (const [, language, id] of group.description.matchAll(
      /s:\d+:"([a-z]{2,3}(?:_[A-Za-z]+)?)";i:(\d+);/g,
    )) {
      const term = byId.get(id ?? "");
      if (language && term && editions.includes(language)) members.set(language, term);
    }
    if (members.size > 1) for (const term of members.values()) groups.set(term, members);
  }
  return groups;
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** HTML as plain text; `lines` keeps line breaks (comments), else spaces are collapsed. */
function plainText(html: string, lines = false): string {
  const text = textOf(parseHtml(lines ? html.replace(/<br\s*\/?>/gi, "\n") : html));
  return lines
    ? text
        .replace(/[ \t]+/g, " ")
        .replace(/\n{3,}/g, "\n\n")
        .trim()
    : text.replace(/\s+/g, " ").trim();
}

/** "2026-01-15 08:00:00" (UTC) as an ISO instant; undefined for WordPress's zero date. */
export function gmtInstant(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match || value.startsWith("0000")) return undefined;
  const date = new Date(`${match.slice(1, 4).join("-")}T${match.slice(4, 7).join(":")}.000Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The path of an old post URL, with its trailing slash, as the import records it. */
export function oldPathOf(link: string): string | null {
  try {
    const url = new URL(link, "http://old.invalid");
    const p = url.searchParams.get("p");
    if (p && /^\d+$/.test(p)) return `/?p=${p}`;
    const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
    return path === "/" ? null : path;
  } catch {
    return null;
  }
}

/** WordPress's resized copies (photo-1024x683.jpg) stand for the original (photo.jpg). */
function withoutSizeSuffix(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/i, "").replace(/-\d+x\d+(\.[a-z0-9]+)$/i, "$1");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
