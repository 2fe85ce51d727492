import { SaxesParser, type SaxesTagPlain } from "saxes";
import { decodeEntities } from "../shared/body/html-tree.ts";
import type { FeedImage, FeedItem } from "./feed-item.ts";

/** Why a feed's answer could not be read as a feed; the message is for the feed's page. */
export class FeedFormatError extends Error {}

/** The feed's own XML elements an item is read from; anything else inside an item is skipped. */
const ITEM_ELEMENTS = new Set(["item", "entry"]);

interface OpenItem {
  guid: string | null;
  link: string | null;
  title: string;
  description: string | null;
  html: string | null;
  image: FeedImage | null;
  imageCredit: string | null;
  imageCaption: string | null;
}

/**
 * Reads RSS 2.0 and Atom as a stream (`write` each chunk as it arrives, then `close`). A DOCTYPE
 * is refused outright: feeds have no use for one, and refusing it is what keeps entity expansion
 * ("billion laughs") and external entities out; saxes itself defines no entity of a DTD.
 */
export class FeedXmlReader {
  readonly #parser = new SaxesParser({ xmlns: false, position: false });
  readonly #items: FeedItem[] = [];
  readonly #path: string[] = [];
  #item: OpenItem | null = null;
  #text = "";
  /** Inside an Atom xhtml content: its markup, rebuilt. */
  #xhtmlDepth = 0;
  #root: string | null = null;
  #failure: FeedFormatError | null = null;

  constructor(private readonly maxItems = 500) {
    this.#parser.on("doctype", () => {
      this.#fail("the feed declares a DOCTYPE, which feeds never need: refused (entity expansion)");
    });
    this.#parser.on("opentag", (tag) => this.#open(tag));
    this.#parser.on("closetag", (tag) => this.#close(tag.name));
    this.#parser.on("text", (text) => this.#addText(text));
    this.#parser.on("cdata", (text) => this.#addText(text));
    this.#parser.on("error", (error) => this.#fail(`the feed is not well-formed XML (${error.message})`));
  }

  write(chunk: string): void {
    if (this.#failure) throw this.#failure;
    this.#parser.write(chunk);
    if (this.#failure) throw this.#failure;
  }

  close(): FeedItem[] {
    if (this.#failure) throw this.#failure;
    this.#parser.close();
    if (this.#failure) throw this.#failure;
    if (this.#root !== "rss" && this.#root !== "feed" && this.#root !== "rdf:RDF") {
      throw new FeedFormatError(
        this.#root ? `<${this.#root}> is neither an RSS nor an Atom feed` : "the answer is empty",
      );
    }
    return this.#items;
  }

  #fail(message: string): void {
    this.#failure ??= new FeedFormatError(message);
  }

  #addText(text: string): void {
    if (this.#xhtmlDepth > 0) this.#text += escapeXml(text);
    else this.#text += text;
  }

  #open(tag: SaxesTagPlain): void {
    if (this.#failure) return;
    if (this.#root === null) this.#root = tag.name;
    if (this.#xhtmlDepth > 0) {
      this.#xhtmlDepth++;
      this.#text += `<${localName(tag.name)}${attributesOf(tag)}>`;
      return;
    }
    this.#path.push(tag.name);
    const name = tag.name;
    if (ITEM_ELEMENTS.has(name)) {
      if (this.#items.length >= this.maxItems) return;
      this.#item = {
        guid: null,
        link: null,
        title: "",
        description: null,
        html: null,
        image: null,
        imageCredit: null,
        imageCaption: null,
      };
    }
    this.#text = "";
    const item = this.#item;
    if (!item) return;
    const attr = (key: string) => String(tag.attributes[key] ?? "").trim();
    if (name === "link" && attr("href")) {
      const rel = attr("rel") || "alternate";
      if (rel === "alternate" && !item.link) item.link = attr("href");
      if (rel === "enclosure" && attr("type").startsWith("image/")) item.image ??= imageAt(attr("href"));
    }
    if (name === "enclosure" && attr("url") && (attr("type").startsWith("image/") || !attr("type"))) {
      item.image ??= imageAt(attr("url"));
    }
    if ((name === "media:content" || name === "media:thumbnail") && attr("url")) {
      const medium = attr("medium") || (attr("type").startsWith("image/") ? "image" : "");
      if (medium === "image" || name === "media:thumbnail") item.image ??= imageAt(attr("url"));
    }
    if (name === "content" && attr("type") === "xhtml") this.#xhtmlDepth = 1;
  }

  #close(name: string): void {
    if (this.#failure) return;
    if (this.#xhtmlDepth > 1) {
      this.#xhtmlDepth--;
      this.#text += `</${localName(name)}>`;
      return;
    }
    this.#xhtmlDepth = 0;
    this.#path.pop();
    const item = this.#item;
    if (!item) return;
    const text = this.#text.trim();
    this.#text = "";
    switch (name) {
      case "title":
        item.title = text;
        break;
      case "guid":
      case "id":
        item.guid = text || null;
        break;
      case "link":
        if (text && !item.link) item.link = text;
        break;
      case "description":
      case "summary":
        item.description = text || null;
        break;
      case "content:encoded":
      case "content":
        item.html = text || null;
        break;
      case "media:credit":
        item.imageCredit = text || null;
        break;
      case "media:description":
      case "media:title":
        item.imageCaption ??= text || null;
        break;
      case "item":
      case "entry":
        this.#finish(item);
        break;
    }
  }

  #finish(item: OpenItem): void {
    this.#item = null;
    const title = plainText(item.title);
    if (!title) return;
    const image = item.image
      ? { url: item.image.url, caption: item.imageCaption, credit: item.imageCredit }
      : null;
    this.#items.push({
      guid: item.guid,
      link: item.link,
      title,
      summary: item.description ? plainText(item.description) || null : null,
      html: item.html ?? item.description ?? "",
      image,
    });
  }
}

function imageAt(url: string): FeedImage {
  return { url, caption: null, credit: null };
}

function localName(name: string): string {
  return name.includes(":") ? (name.split(":").pop() ?? name) : name;
}

function attributesOf(tag: SaxesTagPlain): string {
  return Object.entries(tag.attributes)
    .filter(([key]) => !key.startsWith("xmlns"))
    .map(([key, value]) => ` ${localName(key)}="${escapeXml(String(value))}"`)
    .join("");
}

/** Text made safe inside markup and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Text without its markup or its character references, spaces collapsed. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}
