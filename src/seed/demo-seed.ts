import { readFileSync } from "node:fs";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import { AuthorService } from "../authors/author-service.ts";
import type { Db } from "../db/database.ts";
import type { TagKind } from "../db/schema.ts";
import { MediaService } from "../media/media-service.ts";
import type { MediaStore } from "../media/media-store.ts";
import { generatePlaceholderPhoto } from "../media/placeholder-photo.ts";
import { PromotionService } from "../promotions/promotion-service.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { SourceService } from "../sources/source-service.ts";
import { TagService } from "../tags/tag-service.ts";
import { seedDemoPages } from "./demo-pages.ts";

/** The fixture: one story in three editions, its related stories, tags and promotion. */
interface SeedFixture {
  tags: { key: string; kind: TagKind; parent?: string; names: Record<string, string> }[];
  promotion: {
    key: string;
    placement: "after-article";
    languages: string[];
    headline: string;
    text: string;
    cta: string;
    href: string;
  };
  articles: {
    group: string;
    tags: string[];
    source?: { name: string; short: string };
    image?: { file: string; width: number; height: number; credit: string };
    related?: string[];
    editions: Record<
      string,
      { original?: boolean; title: string; caption?: string; body: (string | { read: string })[] }
    >;
  }[];
}

/** The demo byline's profile, in each edition's language. */
const NEWSROOM_BIOS: Record<string, string> = {
  en: "Reporting by Tribune's newsroom, written with our correspondents across the region.",
  pt: "Reportagem da redação do Tribune, escrita com os nossos correspondentes na região.",
  es: "Información de la redacción de Tribune, escrita con nuestros corresponsales en la región.",
};

export function loadDemoFixture(): SeedFixture {
  return JSON.parse(readFileSync(new URL("./seed-article.json", import.meta.url), "utf8")) as SeedFixture;
}

export interface DemoSeedResult {
  createdStories: string[];
}

/**
 * Loads the demo story, its related stories, tags and promotion. Idempotent: stories already
 * present are left as they are, so running it twice changes nothing.
 */
export async function seedDemo(
  db: Db,
  options: { mediaStore: MediaStore; editions: string[]; now?: Date },
): Promise<DemoSeedResult> {
  const fixture = loadDemoFixture();
  const now = options.now ?? new Date();
  const tags = new TagService(db);
  const stories = new StoryService(db);
  const editions = new Set(options.editions);

  const tagIds = new Map<string, number>();
  for (const tag of fixture.tags) {
    const names = Object.fromEntries(Object.entries(tag.names).filter(([edition]) => editions.has(edition)));
    tagIds.set(
      tag.key,
      (await tags.upsertTag({ key: tag.key, kind: tag.kind, parent: tag.parent ?? null, names })).id,
    );
  }
  const authors = new AuthorService(db);
  const author = await authors.upsertAuthor({ name: "Tribune Newsroom", slug: "tribune-newsroom" });
  const bios = Object.fromEntries(Object.entries(NEWSROOM_BIOS).filter(([edition]) => editions.has(edition)));
  await authors.addMissingBios(author.id, bios);

  // Related stories first, so that READ callouts can point at them; they go out a few minutes earlier.
  const ordered = [...fixture.articles].sort(
    (a, b) => Number(a.group === leadGroup(fixture)) - Number(b.group === leadGroup(fixture)),
  );
  const createdStories: string[] = [];
  for (const [index, item] of ordered.entries()) {
    if (await stories.findByKey(item.group)) continue;
    const originalEdition = Object.entries(item.editions).find(([, e]) => e.original)?.[0] ?? "en";
    const source = item.source
      ? await new SourceService(db).upsertSource({ name: item.source.name, shortName: item.source.short })
      : null;
    const hero = item.image ? await importHero(db, options.mediaStore, item) : null;
    // Each story with its articles in one transaction: a seed stopped halfway leaves no story that
    // the next run would skip as done while it lacks articles.
    await db.transaction().execute(async (trx) => {
      const scopedStories = new StoryService(trx);
      const scopedArticles = new ArticleService(trx);
      const story = await scopedStories.createStory({
        key: item.group,
        originalEdition,
        heroMediaId: hero,
        sourceId: source?.id ?? null,
        tagIds: item.tags.map((key) => mustGet(tagIds, key, "tag")),
      });
      const publishedAt = new Date(now.getTime() - (ordered.length - 1 - index) * 5 * 60_000);
      const languages = [originalEdition, ...Object.keys(item.editions).filter((e) => e !== originalEdition)];
      for (const edition of languages.filter((e) => editions.has(e))) {
        const text = item.editions[edition];
        if (!text) continue;
        const body = bodyFromParagraphs(
          await Promise.all(
            text.body.map(async (part) =>
              typeof part === "string"
                ? part
                : { storyId: (await scopedStories.findByKey(part.read))?.id ?? 0 },
            ),
          ),
        );
        const article = await scopedArticles.createArticle({
          storyId: story.id,
          edition,
          title: text.title,
          body,
          authorId: author.id,
        });
        await scopedArticles.publishArticle(article.id, { at: publishedAt });
      }
      if (item.related) {
        const related = await Promise.all(item.related.map((key) => scopedStories.findByKey(key)));
        await scopedStories.setRelated(
          story.id,
          related.flatMap((r) => (r ? [r.id] : [])),
        );
      }
    });
    createdStories.push(item.group);
  }

  await seedDemoPages(db, editions);

  const promotion = fixture.promotion;
  const promotionEditions = promotion.languages.filter((e) => editions.has(e));
  if (promotionEditions.length === 0) return { createdStories };
  await new PromotionService(db).upsertPromotion({
    key: promotion.key,
    placement: promotion.placement,
    headline: promotion.headline,
    text: promotion.text,
    cta: promotion.cta,
    href: promotion.href,
    editions: promotionEditions,
  });
  return { createdStories };
}

function leadGroup(fixture: SeedFixture): string {
  return fixture.articles[0]?.group ?? "";
}

async function importHero(
  db: Db,
  mediaStore: MediaStore,
  item: SeedFixture["articles"][number],
): Promise<number | null> {
  if (!item.image) return null;
  const { file, width, height, credit } = item.image;
  const texts = Object.fromEntries(
    Object.entries(item.editions).flatMap(([edition, text]) =>
      text.caption ? [[edition, { caption: text.caption, alt: text.caption }]] : [],
    ),
  );
  const media = await new MediaService({ db, mediaStore }).importImage({
    data: await generatePlaceholderPhoto(width, height),
    originalName: file,
    credit,
    texts,
    key: file.replace(/\.[a-z]+$/, ""),
  });
  return media.id;
}

function mustGet(map: Map<string, number>, key: string, what: string): number {
  const value = map.get(key);
  if (value === undefined) throw new Error(`The demo fixture names an unknown ${what} "${key}"`);
  return value;
}
