// Writes a synthetic WordPress export (WXR 1.2, a Polylang site in en, pt and es) for the import
// benchmark, straight to disk: one post is built at a time and written with backpressure, so a
// 500 MB export costs the generator no more memory than a small one.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";

export interface GeneratedExport {
  file: string;
  uploads: string;
  posts: number;
  bytes: number;
}

export interface ExportShape {
  posts: number;
  /** Approximate size of each post's body in bytes (paragraphs of text). */
  bodyBytes: number;
  /** Distinct images in the uploads folder, shared by the posts as featured and inline images. */
  images?: number;
}

const LANGUAGES = ["en", "pt", "es"] as const;
const CATEGORIES = ["news", "politics", "economy", "culture", "sport", "opinion", "science", "health"];
const TAGS = Array.from({ length: 40 }, (_, i) => `topic-${i + 1}`);
const WORDS =
  "the minister said on tuesday that talks between the two sides would resume next week after a pause of several months while observers in the region warned that the agreement remained fragile and depended on guarantees".split(
    " ",
  );

/** Writes `dir/export.xml` and `dir/uploads/` (a few small JPEGs); resolves with their sizes. */
export async function generateExport(dir: string, shape: ExportShape): Promise<GeneratedExport> {
  const uploads = join(dir, "uploads");
  const images = shape.images ?? 4;
  await writeImages(uploads, images);
  const file = join(dir, "export.xml");
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  await write(header());
  for (let i = 0; i < images; i++) await write(attachmentItem(i));
  for (let i = 0; i < shape.posts; i++) await write(postItem(i, shape.bodyBytes, images));
  await write("</channel>\n</rss>\n");
  out.end();
  await once(out, "finish");
  return { file, uploads, posts: shape.posts, bytes };
}

async function writeImages(uploads: string, count: number): Promise<void> {
  const folder = join(uploads, "2025", "06");
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    await sharp({
      create: { width: 640, height: 400, channels: 3, background: { r: 30 * i, g: 90, b: 160 } },
    })
      .jpeg({ quality: 70 })
      .toFile(join(folder, `photo-${i}.jpg`));
  }
}

function header(): string {
  const categories = CATEGORIES.map(
    (slug, i) =>
      `\t<wp:category><wp:term_id>${10 + i}</wp:term_id><wp:category_nicename><![CDATA[${slug}]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[${slug[0]?.toUpperCase()}${slug.slice(1)}]]></wp:cat_name></wp:category>\n`,
  ).join("");
  const tags = TAGS.map(
    (slug, i) =>
      `\t<wp:tag><wp:term_id>${100 + i}</wp:term_id><wp:tag_slug><![CDATA[${slug}]]></wp:tag_slug><wp:tag_name><![CDATA[Topic ${i + 1}]]></wp:tag_name></wp:tag>\n`,
  ).join("");
  const languages = LANGUAGES.map(
    (code, i) =>
      `\t<wp:term><wp:term_id>${30 + i}</wp:term_id><wp:term_taxonomy><![CDATA[language]]></wp:term_taxonomy><wp:term_slug><![CDATA[${code}]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[${code}]]></wp:term_name></wp:term>\n`,
  ).join("");
  const authors = [1, 2, 3]
    .map(
      (n) =>
        `\t<wp:author><wp:author_id>${n}</wp:author_id><wp:author_login><![CDATA[writer${n}]]></wp:author_login><wp:author_email><![CDATA[writer${n}@bench.example.org]]></wp:author_email><wp:author_display_name><![CDATA[Writer ${n}]]></wp:author_display_name></wp:author>\n`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Bench News</title>
\t<link>https://bench.example.org</link>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>https://bench.example.org</wp:base_site_url>
\t<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
${authors}${categories}${tags}${languages}`;
}

function attachmentItem(i: number): string {
  return `\t<item>
\t\t<title><![CDATA[photo-${i}]]></title>
\t\t<link>https://bench.example.org/photo-${i}/</link>
\t\t<dc:creator><![CDATA[writer1]]></dc:creator>
\t\t<content:encoded><![CDATA[]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[Caption of photo ${i}]]></excerpt:encoded>
\t\t<wp:post_id>${1_000_000 + i}</wp:post_id>
\t\t<wp:post_date_gmt><![CDATA[2025-06-01 08:00:00]]></wp:post_date_gmt>
\t\t<wp:post_name><![CDATA[photo-${i}]]></wp:post_name>
\t\t<wp:status><![CDATA[inherit]]></wp:status>
\t\t<wp:post_type><![CDATA[attachment]]></wp:post_type>
\t\t<wp:attachment_url><![CDATA[https://bench.example.org/wp-content/uploads/2025/06/photo-${i}.jpg]]></wp:attachment_url>
\t\t<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key><wp:meta_value><![CDATA[2025/06/photo-${i}.jpg]]></wp:meta_value></wp:postmeta>
\t\t<wp:postmeta><wp:meta_key><![CDATA[_media_credit]]></wp:meta_key><wp:meta_value><![CDATA[Bench Agency]]></wp:meta_value></wp:postmeta>
\t</item>
`;
}

/** Post i: in en, pt, es in turn, three consecutive posts one translation group. */
function postItem(i: number, bodyBytes: number, images: number): string {
  const language = LANGUAGES[i % 3] ?? "en";
  const group = Math.floor(i / 3);
  const day = String((i % 28) + 1).padStart(2, "0");
  const month = String(((i >> 5) % 12) + 1).padStart(2, "0");
  const slug = `story-${group}-${language}`;
  const image = i % images;
  const category = CATEGORIES[group % CATEGORIES.length];
  const tag = TAGS[group % TAGS.length];
  const comment =
    i % 10 === 0
      ? `\t\t<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_author><![CDATA[Reader ${i}]]></wp:comment_author><wp:comment_author_email><![CDATA[reader${i}@example.net]]></wp:comment_author_email><wp:comment_date_gmt><![CDATA[2025-${month}-${day} 12:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[A <b>fair</b> point about story ${group}.]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>\n`
      : "";
  return `\t<item>
\t\t<title><![CDATA[Story ${group} (${language}): talks resume after months]]></title>
\t\t<link>https://bench.example.org/${language === "en" ? "" : `${language}/`}2025/${month}/${day}/${slug}/</link>
\t\t<dc:creator><![CDATA[writer${(i % 3) + 1}]]></dc:creator>
\t\t<content:encoded><![CDATA[${body(i, bodyBytes, image)}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[Talks resume in story ${group}.]]></excerpt:encoded>
\t\t<wp:post_id>${i + 1}</wp:post_id>
\t\t<wp:post_date><![CDATA[2025-${month}-${day} 09:00:00]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[2025-${month}-${day} 09:00:00]]></wp:post_date_gmt>
\t\t<wp:post_name><![CDATA[${slug}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<category domain="category" nicename="${category}"><![CDATA[${category}]]></category>
\t\t<category domain="post_tag" nicename="${tag}"><![CDATA[${tag}]]></category>
\t\t<category domain="language" nicename="${language}"><![CDATA[${language}]]></category>
\t\t<category domain="post_translations" nicename="pll_${group}"><![CDATA[pll_${group}]]></category>
\t\t<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[${1_000_000 + image}]]></wp:meta_value></wp:postmeta>
${comment}\t</item>
`;
}

/** Paragraphs of words until about `bytes`, with a heading and an inline image in the first ones. */
function body(i: number, bytes: number, image: number): string {
  const parts = [
    `<h2>Background ${i}</h2>`,
    `<figure class="wp-block-image"><img src="https://bench.example.org/wp-content/uploads/2025/06/photo-${image}.jpg" class="wp-image-${1_000_000 + image}" alt="" /><figcaption>Photo ${image}</figcaption></figure>`,
  ];
  let size = parts.join("").length;
  let n = i;
  while (size < bytes) {
    const words: string[] = [];
    for (let w = 0; w < 60; w++) {
      words.push(WORDS[(n + w * 7) % WORDS.length] ?? "news");
    }
    n += 13;
    const paragraph = `<p>${words.join(" ")}.</p>\n`;
    parts.push(paragraph);
    size += paragraph.length;
  }
  return parts.join("");
}
