import { LISTED_COLUMNS, type ListedRow, type ListedStory, listedStory } from "../articles/listed-article.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import { comparableArticles } from "../content/article-terms.ts";
import { newestPerTag } from "../content/listings.ts";
import type { Db } from "../db/database.ts";
import { preparedQuery } from "../db/prepared-query.ts";
import type { TagKind } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import { similarities } from "../shared/text/text-terms.ts";
import { type PickerStory, searchStoryTitles } from "./story-picker.ts";

/** A related story as lists show it, with why it was chosen. */
export interface RelatedStory extends ListedStory {
  /** Linked by an editor (the story's related stories), rather than found by similarity. */
  linked: boolean;
  /** Text similarity plus the shared-tag bonus; 0 for linked stories. */
  score: number;
}

/**
 * Tags scanned for candidates, most specific first, and how many recent articles each gives: the
 * newest stories under a story's country and topics are nearly always the ones worth offering.
 */
const MAX_TAGS = 4;
const PER_TAG = 15;
/** Added per tag the stories share: a country or topic says more than a region, a section little. */
const TAG_BONUS: Readonly<Record<TagKind, number>> = {
  country: 0.06,
  topic: 0.06,
  region: 0.03,
  section: 0.01,
};
const SPECIFICITY: Readonly<Record<TagKind, number>> = { country: 0, topic: 0, region: 1, section: 2 };

/** The article "more on this" is for, with its story's tags (the page shows them anyway). */
export interface ArticleRef {
  id: number;
  storyId: number;
  tags: readonly { id: number; kind: TagKind }[];
}

// The statements every uncached article page runs, compiled once (db/prepared-query.ts).

/**
 * The story's linked stories, in the editor's order, in every edition. Driven by the links, the
 * edition picked afterwards: given the edition, SQLite would rather walk the edition's whole
 * (edition, published_at) index than the few rows of these stories.
 */
const linkedStoriesQuery = preparedQuery((db: Db, storyId: number, now: string) =>
  db
    .selectFrom("storyRelated")
    .innerJoin("articles", "articles.storyId", "storyRelated.relatedStoryId")
    .select([...LISTED_COLUMNS, "articles.edition"])
    .where("storyRelated.storyId", "=", storyId)
    .where("storyRelated.relatedStoryId", "!=", storyId)
    .where(visibleToReaders(now))
    .orderBy("storyRelated.position"),
);

const visibleArticlesQuery = preparedQuery((db: Db, ids: readonly number[], now: string) =>
  db
    .selectFrom("articles")
    .select(LISTED_COLUMNS)
    .where("articles.id", "in", ids)
    .where(visibleToReaders(now)),
);

/**
 * "More on this": the stories of an edition most like a given article, for the article page and the
 * newsroom's READ callout picker. Cheap by construction: candidates come from a bounded scan of the
 * tag listings (one index range per tag, in one statement), and they are compared by the terms
 * stored when they were published (article-terms.ts), not by reading their text.
 */
export class RelatedService {
  constructor(
    private readonly db: Db,
    private readonly urls: SiteUrls,
    private readonly editions: Editions,
  ) {}

  /**
   * Up to `limit` reader-visible stories of `edition` related to the article: the story's linked
   * related stories first (in the editor's order), then those sharing a tag, by text similarity over
   * title, summary and body plus a bonus per shared tag, the newer first when they score alike. The
   * article's own story never appears. The article itself need not be published (an editor's draft).
   */
  async related(edition: Edition, article: ArticleRef, now: string, limit: number): Promise<RelatedStory[]> {
    if (limit <= 0) return [];
    const linked = await this.linked(edition, article.storyId, now);
    const similar =
      linked.length >= limit
        ? []
        : await this.similar(
            edition,
            article,
            now,
            limit - linked.length,
            linked.map((story) => story.storyId),
          );
    return [...linked.slice(0, limit), ...similar];
  }

  /** The same for an article known by its id only; nothing for an unknown id. */
  async relatedToId(
    edition: Edition,
    articleId: number,
    now: string,
    limit: number,
  ): Promise<RelatedStory[]> {
    const article = await this.db
      .selectFrom("articles")
      .select(["id", "storyId"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) return [];
    const tags = await this.db
      .selectFrom("storyTags")
      .innerJoin("tags", "tags.id", "storyTags.tagId")
      .select(["tags.id", "tags.kind"])
      .where("storyTags.storyId", "=", article.storyId)
      .orderBy("storyTags.position")
      .execute();
    return this.related(edition, { ...article, tags }, now, limit);
  }

  /**
   * Stories whose title (in any edition) has words starting with each typed word, accents and case
   * aside ("muqt" finds "Muqtada", "ira" finds "Irã"), newest first: for the READ callout picker.
   */
  pickerSearch(edition: Edition, text: string, now: string, limit: number): Promise<PickerStory[]> {
    return searchStoryTitles(this.db, this.editions.codes(), { edition: edition.code, text, now, limit });
  }

  private async linked(edition: Edition, storyId: number, now: string): Promise<RelatedStory[]> {
    const rows = await linkedStoriesQuery(this.db, storyId, now);
    return rows
      .filter((row) => row.edition === edition.code)
      .map((row) => this.listed(edition, row, true, 0));
  }

  private async similar(
    edition: Edition,
    article: ArticleRef,
    now: string,
    limit: number,
    skipStories: number[],
  ): Promise<RelatedStory[]> {
    const tags = article.tags;
    const scanned = [...tags].sort((a, b) => SPECIFICITY[a.kind] - SPECIFICITY[b.kind]).slice(0, MAX_TAGS);
    if (scanned.length === 0) return [];
    const kindOf = new Map(tags.map((tag) => [tag.id, tag.kind]));

    // Candidates from the listing index alone; their terms and tags in one lookup; only the few
    // chosen are read from the articles table.
    const listings = await newestPerTag(this.db, {
      tagIds: scanned.map((tag) => tag.id),
      edition: edition.code,
      now,
      limit: PER_TAG,
    });
    const candidateIds = [...new Set(listings.map((listing) => listing.articleId))];
    const comparable = await comparableArticles(this.db, [article.id, ...candidateIds]);
    const skipped = new Set([article.storyId, ...skipStories]);
    const candidates = candidateIds.flatMap((id) => {
      const candidate = comparable.get(id);
      return candidate && !skipped.has(candidate.storyId) ? [candidate] : [];
    });
    if (candidates.length === 0) return [];
    const similarity = similarities(
      comparable.get(article.id)?.terms ?? new Map(),
      candidates.map((candidate) => candidate.terms),
    );
    const publishedAt = new Map(listings.map((listing) => [listing.articleId, listing.publishedAt]));
    const scored = candidates.map((candidate, index) => ({
      candidate,
      publishedAt: publishedAt.get(candidate.articleId) ?? "",
      score:
        (similarity[index] ?? 0) +
        candidate.tagIds.reduce((bonus, tagId) => {
          const kind = kindOf.get(tagId);
          return kind ? bonus + TAG_BONUS[kind] : bonus;
        }, 0),
    }));
    // Scores a thousandth apart count as equal: then the newer story comes first.
    scored.sort(
      (a, b) =>
        Math.round(b.score * 1000) - Math.round(a.score * 1000) ||
        (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0) ||
        b.candidate.articleId - a.candidate.articleId,
    );
    const chosen = scored.slice(0, limit);
    if (chosen.length === 0) return [];
    const rows = await visibleArticlesQuery(
      this.db,
      chosen.map(({ candidate }) => candidate.articleId),
      now,
    );
    return chosen.flatMap(({ candidate, score }) => {
      const row = rows.find((r) => r.id === candidate.articleId);
      return row ? [this.listed(edition, row, false, score)] : [];
    });
  }

  private listed(edition: Edition, row: ListedRow, linked: boolean, score: number): RelatedStory {
    return { ...listedStory(this.urls, edition, row), linked, score };
  }
}
