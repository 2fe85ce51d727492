import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ValidationError } from "../../shared/errors.ts";

// A WordPress eXtended RSS export (WXR 1.0 to 1.2) read as a stream: the parser sees one chunk at a
// time and hands over one record as soon as its element closes, so an export of any size is read in
// the memory of its largest item. saxes defines no entity of a DTD, so an "entity expansion" export
// is refused rather than expanded.

export interface WxrAuthor {
  kind: "author";
  login: string;
  email: string;
  displayName: string;
}

/** A category, tag or custom taxonomy term (Polylang's `language` and `post_translations`). */
export interface WxrTerm {
  kind: "term";
  /** WordPress's term id, as Polylang's term_translations name it ("" when the export has none). */
  id: string;
  taxonomy: string;
  slug: string;
  name: string;
  /** The parent's slug, "" for none. */
  parent: string;
  description: string;
}

export interface WxrItemCategory {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrComment {
  id: number;
  parentId: number;
  author: string;
  email: string;
  dateGmt: string;
  content: string;
  /** "1", "0", "spam", "trash". */
  approved: string;
  type: string;
}

export interface WxrItem {
  kind: "item";
  id: number;
  type: string;
  title: string;
  link: string;
  status: string;
  slug: string;
  /** "YYYY-MM-DD hh:mm:ss" in UTC; "0000-00-00 00:00:00" for a draft never published. */
  dateGmt: string;
  date: string;
  creator: string;
  content: string;
  excerpt: string;
  parentId: number;
  attachmentUrl: string;
  categories: WxrItemCategory[];
  meta: Record<string, string>;
  comments: WxrComment[];
}

export interface WxrSite {
  kind: "site";
  /** The site's address (wp:base_blog_url, else the channel's link), without a trailing slash. */
  url: string;
  wxrVersion: string;
}

export type WxrRecord = WxrSite | WxrAuthor | WxrTerm | WxrItem;

/** Opens an export file (gzip-compressed when its name ends in .gz) and counts the bytes read. */
export function openExport(path: string): { stream: Readable; bytesRead: () => number } {
  const file = createReadStream(path);
  const stream = path.endsWith(".gz") ? file.pipe(createGunzip()) : file;
  if (stream !== file) file.on("error", (error) => stream.destroy(error));
  return { stream, bytesRead: () => file.bytesRead };
}

export class WxrFormatError extends ValidationError {
  constructor(message: string) {
    super("file", `is not a WordPress export (WXR) we can read: ${message}`);
  }
}

/** The records of an export in document order: the site first, then terms, authors and items. */
export async function* readWxr(input: AsyncIterable<Buffer | string>): AsyncGenerator<WxrRecord> {
  const reader = new WxrRecords();
  // A multi-byte character cut between two chunks is completed by the next one.
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of input) {
    reader.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    yield* reader.take();
  }
  reader.write(decoder.decode());
  reader.close();
  yield* reader.take();
}

/** Builds records from parser events; `take()` hands over those completed so far. */
class WxrRecords {
  readonly #parser = new SaxesParser({ xmlns: false, position: false });
  #ready: WxrRecord[] = [];
  /** Element names from the root down. */
  readonly #path: string[] = [];
  #text = "";
  #siteUrl = "";
  #channelLink = "";
  #version = "";
  #siteSent = false;
  #sawRss = false;
  #author: Partial<Record<string, string>> | null = null;
  #term: Partial<Record<string, string>> | null = null;
  #item: WxrItem | null = null;
  #category: { domain: string; nicename: string } | null = null;
  #meta: { key: string; value: string } | null = null;
  #comment: Partial<Record<string, string>> | null = null;

  constructor() {
    this.#parser.on("opentag", (tag) => this.#open(tag));
    this.#parser.on("closetag", (tag) => this.#close(tag.name));
    this.#parser.on("text", (text) => {
      this.#text += text;
    });
    this.#parser.on("cdata", (text) => {
      this.#text += text;
    });
    this.#parser.on("error", (error) => {
      throw new WxrFormatError(error.message);
    });
  }

  write(chunk: string): void {
    this.#parser.write(chunk);
  }

  close(): void {
    this.#parser.close();
    if (!this.#sawRss) throw new WxrFormatError("there is no <rss> element");
    this.#sendSite();
  }

  take(): WxrRecord[] {
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }

  #open(tag: SaxesTagPlain): void {
    const name = tag.name;
    this.#path.push(name);
    this.#text = "";
    if (this.#path.length === 1) {
      if (name !== "rss") throw new WxrFormatError(`the document is <${name}>, not <rss>`);
      this.#sawRss = true;
    }
    const parent = this.#path.at(-2);
    if (name === "item" && parent === "channel") {
      this.#sendSite();
      this.#item = emptyItem();
    } else if (name === "wp:author" && parent === "channel") this.#author = {};
    else if ((name === "wp:category" || name === "wp:tag" || name === "wp:term") && parent === "channel")
      this.#term = { taxonomy: name === "wp:category" ? "category" : name === "wp:tag" ? "post_tag" : "" };
    else if (name === "category" && this.#item) {
      this.#category = { domain: attr(tag, "domain"), nicename: attr(tag, "nicename") };
    } else if (name === "wp:postmeta" && this.#item) this.#meta = { key: "", value: "" };
    else if (name === "wp:comment" && this.#item) this.#comment = {};
  }

  #close(name: string): void {
    const text = this.#text;
    this.#text = "";
    this.#path.pop();
    const parent = this.#path.at(-1);
    if (this.#comment) this.#closeInComment(name, text);
    else if (this.#meta) this.#closeInMeta(name, text);
    else if (this.#category && name === "category") {
      this.#item?.categories.push({ ...this.#category, name: text.trim() });
      this.#category = null;
    } else if (this.#item) this.#closeInItem(name, text);
    else if (this.#author) this.#closeInAuthor(name, text);
    else if (this.#term) this.#closeInTerm(name, text);
    else if (parent === "channel") this.#closeInChannel(name, text);
  }

  #closeInChannel(name: string, text: string): void {
    if (name === "wp:base_blog_url") this.#siteUrl = text.trim();
    else if (name === "link") this.#channelLink = text.trim();
    else if (name === "wp:wxr_version") this.#version = text.trim();
  }

  #closeInAuthor(name: string, text: string): void {
    const author = this.#author;
    if (!author) return;
    if (name === "wp:author") {
      this.#ready.push({
        kind: "author",
        login: author.login ?? "",
        email: author.email ?? "",
        displayName: author.displayName || author.login || "",
      });
      this.#author = null;
    } else if (name === "wp:author_login") author.login = text.trim();
    else if (name === "wp:author_email") author.email = text.trim();
    else if (name === "wp:author_display_name") author.displayName = text.trim();
  }

  #closeInTerm(name: string, text: string): void {
    const term = this.#term;
    if (!term) return;
    const field = TERM_FIELDS[name];
    if (field) {
      term[field] = text.trim();
      return;
    }
    if (name === "wp:category" || name === "wp:tag" || name === "wp:term") {
      this.#ready.push({
        kind: "term",
        id: term.id ?? "",
        taxonomy: term.taxonomy ?? "",
        slug: term.slug ?? "",
        name: term.name ?? term.slug ?? "",
        parent: term.parent ?? "",
        description: term.description ?? "",
      });
      this.#term = null;
    }
  }

  #closeInItem(name: string, text: string): void {
    const item = this.#item;
    if (!item) return;
    switch (name) {
      case "item":
        this.#ready.push(item);
        this.#item = null;
        return;
      case "title":
        item.title = text.trim();
        return;
      case "link":
        item.link = text.trim();
        return;
      case "dc:creator":
        item.creator = text.trim();
        return;
      case "content:encoded":
        item.content = text;
        return;
      case "excerpt:encoded":
        item.excerpt = text.trim();
        return;
      case "wp:post_id":
        item.id = wholeNumber(text);
        return;
      case "wp:post_date":
        item.date = text.trim();
        return;
      case "wp:post_date_gmt":
        item.dateGmt = text.trim();
        return;
      case "wp:post_name":
        item.slug = text.trim();
        return;
      case "wp:status":
        item.status = text.trim();
        return;
      case "wp:post_parent":
        item.parentId = wholeNumber(text);
        return;
      case "wp:post_type":
        item.type = text.trim();
        return;
      case "wp:attachment_url":
        item.attachmentUrl = text.trim();
        return;
    }
  }

  #closeInMeta(name: string, text: string): void {
    const meta = this.#meta;
    if (!meta) return;
    if (name === "wp:meta_key") meta.key = text.trim();
    else if (name === "wp:meta_value") meta.value = text;
    else if (name === "wp:postmeta") {
      if (this.#item && meta.key) this.#item.meta[meta.key] = meta.value;
      this.#meta = null;
    }
  }

  #closeInComment(name: string, text: string): void {
    const comment = this.#comment;
    if (!comment) return;
    if (name === "wp:comment") {
      this.#item?.comments.push({
        id: wholeNumber(comment.id ?? ""),
        parentId: wholeNumber(comment.parent ?? ""),
        author: comment.author ?? "",
        email: comment.email ?? "",
        dateGmt: comment.dateGmt ?? "",
        content: comment.content ?? "",
        approved: comment.approved ?? "0",
        type: comment.type ?? "",
      });
      this.#comment = null;
      return;
    }
    const field = COMMENT_FIELDS[name];
    if (field) comment[field] = field === "content" ? text : text.trim();
  }

  #sendSite(): void {
    if (this.#siteSent) return;
    this.#siteSent = true;
    this.#ready.push({
      kind: "site",
      url: (this.#siteUrl || this.#channelLink).replace(/\/+$/, ""),
      wxrVersion: this.#version,
    });
  }
}

const TERM_FIELDS: Record<string, string> = {
  "wp:term_id": "id",
  "wp:term_taxonomy": "taxonomy",
  "wp:term_slug": "slug",
  "wp:category_nicename": "slug",
  "wp:tag_slug": "slug",
  "wp:term_name": "name",
  "wp:cat_name": "name",
  "wp:tag_name": "name",
  "wp:term_parent": "parent",
  "wp:category_parent": "parent",
  "wp:term_description": "description",
  "wp:category_description": "description",
  "wp:tag_description": "description",
};

const COMMENT_FIELDS: Record<string, string> = {
  "wp:comment_id": "id",
  "wp:comment_parent": "parent",
  "wp:comment_author": "author",
  "wp:comment_author_email": "email",
  "wp:comment_date_gmt": "dateGmt",
  "wp:comment_content": "content",
  "wp:comment_approved": "approved",
  "wp:comment_type": "type",
};

function emptyItem(): WxrItem {
  return {
    kind: "item",
    id: 0,
    type: "post",
    title: "",
    link: "",
    status: "",
    slug: "",
    dateGmt: "",
    date: "",
    creator: "",
    content: "",
    excerpt: "",
    parentId: 0,
    attachmentUrl: "",
    categories: [],
    meta: {},
    comments: [],
  };
}

function attr(tag: SaxesTagPlain, name: string): string {
  const value = tag.attributes[name];
  return typeof value === "string" ? value : "";
}

function wholeNumber(text: string): number {
  const value = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}
