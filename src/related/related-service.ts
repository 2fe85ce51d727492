import type { BodyDocument } from "../articles/body/body-document.ts";
import { bodyPlainText } from "../articles/body/body-text.ts";
import { visibleToReaders } from "../articles/visibility.ts";
import type { Db } from "../db/database.ts";
import type { TagKind } from "../db/schema.ts";
import type { Edition } from "../editions/edition.ts";
import type { Editions } from "../editions/edition-service.ts";
import type { ListedStory } from "../site/archive-service.ts";
import type { SiteUrls } from "../site/site-urls.ts";
import { type PickerStory, searchStoryTitles } from "./story-picker.ts";
import { addTerms, similarities, stopWordsFor, type TermCounts } from "./text-terms.ts";

/** A related story as lists show it, with why it was chosen. */
export interface RelatedStory extends ListedStory {
  /** Linked by an editor (the story's related stories), rather than found by similarity. */
  linked: boolean;
  /** Text similarity plus the shared-tag bonus; 0 for linked stories. */
  score: number;
}

/** Tags scanned for candidates, most specific first, and how many recent articles each gives. */
const MAX_TAGS = 6;
const PER_TAG = 30;
/** Title words count three times, summary words twice; the body is cut after this many characters. */
const TITLE_WEIGHT = 3;
const SUMMARY_WEIGHT = 2;
const BODY_CHARACTERS = 2500;
/** Added per tag the stories share: a country or topic says more than a region, a section little. */
const TAG_BONUS: Readonly<Record<TagKind, number>> = {
  country: 0.06,
  topic: 0.06,
  region: 0.03,
  section: 0.01,
};
const SPECIFICITY: Readonly<Record<TagKind, number>> = { country: 0, topic: 0, region: 1, section: 2 };

const LISTED_COLUMNS = [
  "articles.id",
  "articles.storyId",
  "articles.title",
  "articles.summary",
  "articles.slug",
  "articles.publishedAt",
] as const;

interface TextRow {
  id: number;
  storyId: number;
  title: string;
  summary: string | null;
  slug: string;
  publishedAt: string | null;
  body: string;
}

/**
 * "More on this": the stories of an edition most like a given article, for the article page and the
 * newsroom's READ callout picker. Cheap by construction: candidates come from a bounded scan of the
 * tag listings (one index range per tag), and only their text is read, in one query.
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
  async related(edition: Edition, articleId: number, now: string, limit: number): Promise<RelatedStory[]> {
    if (limit <= 0) return [];
    const article = await this.db
      .selectFrom("articles")
      .select(["id", "storyId", "title", "summary", "body", "slug", "publishedAt"])
      .where("id", "=", articleId)
      .executeTakeFirst();
    if (!article) return [];
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

  /**
   * Stories whose title (in any edition) has words starting with each typed word, accents and case
   * aside ("muqt" finds "Muqtada", "ira" finds "Irã"), newest first: for the READ callout picker.
   */
  pickerSearch(edition: Edition, text: string, now: string, limit: number): Promise<PickerStory[]> {
    return searchStoryTitles(this.db, this.editions.codes(), { edition: edition.code, text, now, limit });
  }

  private async linked(edition: Edition, storyId: number, now: string): Promise<RelatedStory[]> {
    const links = await this.db
      .selectFrom("storyRelated")
      .select("relatedStoryId")
      .where("storyId", "=", storyId)
      .orderBy("position")
      .execute();
    if (links.length === 0) return [];
    // By story, and the edition picked here: given the edition, SQLite would rather walk the
    // edition's whole (edition, published_at) index than the few rows of these stories.
    const rows = await this.db
      .selectFrom("articles")
      .select([...LISTED_COLUMNS, "articles.edition"])
      .where(
        "articles.storyId",
        "in",
        links.map((link) => link.relatedStoryId),
      )
      .where(visibleToReaders(now))
      .execute();
    return links.flatMap(({ relatedStoryId }) => {
      const row = rows.find((r) => r.storyId === relatedStoryId && r.edition === edition.code);
      return row && relatedStoryId !== storyId ? [this.listed(edition, row, true, 0)] : [];
    });
  }

  private async similar(
    edition: Edition,
    article: TextRow,
    now: string,
    limit: number,
    skipStories: number[],
  ): Promise<RelatedStory[]> {
    const tags = await this.db
      .selectFrom("storyTags")
      .innerJoin("tags", "tags.id", "storyTags.tagId")
      .select(["tags.id", "tags.kind"])
      .where("storyTags.storyId", "=", article.storyId)
      .orderBy("storyTags.position")
      .execute();
    const scanned = [...tags].sort((a, b) => SPECIFICITY[a.kind] - SPECIFICITY[b.kind]).slice(0, MAX_TAGS);
    if (scanned.length === 0) return [];
    const kindOf = new Map(scanned.map((tag) => [tag.id, tag.kind]));

    // The newest articles under each tag: one index range scan each, together a few hundred ids.
    const perTag = await Promise.all(
      scanned.map((tag) =>
        this.db
          .selectFrom("tagListings")
          .select("articleId")
          .where("tagId", "=", tag.id)
          .where("edition", "=", edition.code)
          .where("publishedAt", "<=", now)
          .orderBy("publishedAt", "desc")
          .orderBy("articleId", "desc")
          .limit(PER_TAG)
          .execute(),
      ),
    );
    const candidateIds = [...new Set(perTag.flat().map((row) => row.articleId))].filter(
      (id) => id !== article.id,
    );
    if (candidateIds.length === 0) return [];
    const skipped = [article.storyId, ...skipStories];
    const [rows, shared] = await Promise.all([
      // By primary key; the listings already hold only this edition's articles.
      this.db
        .selectFrom("articles")
        .select([...LISTED_COLUMNS, "articles.body"])
        .where("articles.id", "in", candidateIds)
        .where("articles.storyId", "not in", skipped)
        .where(visibleToReaders(now))
        .execute(),
      // Down the article index: a few rows per candidate, filtered here to the story's tags.
      this.db
        .selectFrom("tagListings")
        .select(["articleId", "tagId"])
        .where("articleId", "in", candidateIds)
        .execute(),
    ]);
    if (rows.length === 0) return [];

    const bonus = new Map<number, number>();
    for (const { articleId, tagId } of shared) {
      const kind = kindOf.get(tagId);
      if (kind) bonus.set(articleId, (bonus.get(articleId) ?? 0) + TAG_BONUS[kind]);
    }
    const stopWords = stopWordsFor(edition.code);
    const similarity = similarities(
      termsOf(article, stopWords),
      rows.map((row) => termsOf(row, stopWords)),
    );
    const scored = rows.map((row, index) => ({
      row,
      score: (similarity[index] ?? 0) + (bonus.get(row.id) ?? 0),
    }));
    // Scores a thousandth apart count as equal: then the newer story comes first.
    scored.sort(
      (a, b) =>
        Math.round(b.score * 1000) - Math.round(a.score * 1000) ||
        (b.row.publishedAt ?? "").localeCompare(a.row.publishedAt ?? "") ||
        b.row.id - a.row.id,
    );
    return scored.slice(0, limit).map(({ row, score }) => this.listed(edition, row, false, score));
  }

  private listed(edition: Edition, row: Omit<TextRow, "body">, linked: boolean, score: number): RelatedStory {
    const publishedAt = row.publishedAt ?? "";
    return {
      articleId: row.id,
      storyId: row.storyId,
      title: row.title,
      summary: row.summary,
      publishedAt,
      href: this.urls.href(edition, this.urls.articlePath(edition, publishedAt, row.slug), edition),
      linked,
      score,
    };
  }
}

function termsOf(row: TextRow, stopWords: ReadonlySet<string>): TermCounts {
  const counts: TermCounts = new Map();
  addTerms(counts, row.title, TITLE_WEIGHT, stopWords);
  if (row.summary) addTerms(counts, row.summary, SUMMARY_WEIGHT, stopWords);
  addTerms(counts, bodyText(row.body).slice(0, BODY_CHARACTERS), 1, stopWords);
  return counts;
}

/** The body's words; a body that does not parse (written around the checks) counts as empty. */
function bodyText(json: string): string {
  try {
    return bodyPlainText(JSON.parse(json) as BodyDocument);
  } catch {
    return "";
  }
}
