import type { Insertable } from "kysely";
import type {
  ArticleRevisionTable,
  ArticleTable,
  StoryAuthorTable,
  StoryRelatedTable,
  StoryTable,
  StoryTagTable,
} from "../../db/schema.ts";
import { slugify } from "../../shared/slug.ts";
import type { Lang } from "./noun-phrase.ts";
import type { ReferenceIds } from "./reference-data.ts";
import type { StoryPlan } from "./story-plan.ts";
import { StoryWriter } from "./text-generator.ts";
import { claimSlug } from "./unique-slugs.ts";

/** The last id used in each table that gets explicit ids. */
export interface IdCounters {
  story: number;
  article: number;
  revision: number;
}

export interface BatchRows {
  stories: Insertable<StoryTable>[];
  storyTags: Insertable<StoryTagTable>[];
  storyRelated: Insertable<StoryRelatedTable>[];
  /** The story's bylines: its articles' authors, the original's first. */
  storyAuthors: Insertable<StoryAuthorTable>[];
  articles: Insertable<ArticleTable>[];
  revisions: Insertable<ArticleRevisionTable>[];
}

export interface RowContext {
  seed: number;
  ids: IdCounters;
  reference: ReferenceIds;
  /** Story ids of this seed by index, including the ones of this batch as they are assigned. */
  storyIds: Map<number, number>;
  /** Slugs taken per edition, kept up to date as slugs are claimed. */
  slugs: Record<Lang, Set<string>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Renders a batch of planned stories into rows with ids assigned in memory. */
export function buildRows(plans: readonly StoryPlan[], context: RowContext): BatchRows {
  const rows: BatchRows = {
    stories: [],
    storyTags: [],
    storyRelated: [],
    storyAuthors: [],
    articles: [],
    revisions: [],
  };
  const { ids, reference, storyIds } = context;
  const lookup = (index: number) => storyIds.get(index);
  for (const plan of plans) {
    const storyId = ++ids.story;
    storyIds.set(plan.index, storyId);
    const original = plan.articles[0];
    if (!original) throw new Error(`Story ${plan.index} has no original article`);
    const story = {
      id: storyId,
      key: `syn-${context.seed}-${plan.index}`,
      originalEdition: original.edition,
      heroMediaId: null,
      sourceId: plan.source === null ? null : (reference.sources[plan.source] ?? null),
      createdAt: iso(plan.createdAt),
      updatedAt: iso(plan.createdAt),
    };
    rows.stories.push(story);
    plan.tags.forEach((key, position) => {
      const tagId = reference.tags.get(key);
      if (tagId !== undefined) rows.storyTags.push({ storyId, tagId, position });
    });
    const related = new Set<number>();
    for (const block of plan.blocks) {
      const relatedId = block.kind === "read" ? lookup(block.target) : undefined;
      if (relatedId !== undefined && !related.has(relatedId)) {
        rows.storyRelated.push({ storyId, relatedStoryId: relatedId, position: related.size });
        related.add(relatedId);
      }
    }

    // Bylines are the story's: every article carries the lead (articles.author_id mirrors it).
    const bylines = [...new Set(plan.articles.flatMap((article) => reference.authors[article.author] ?? []))];
    bylines.forEach((authorId, position) => {
      rows.storyAuthors.push({ storyId, authorId, position });
    });
    let originalRevisionIds: number[] = [];
    for (const article of plan.articles) {
      const articleId = ++ids.article;
      const writer = new StoryWriter(plan, article.edition);
      const summary = writer.summary();
      const revisionIds: number[] = [];
      let slug = "";
      let last: { title: string; body: string; at: number } | null = null;
      for (const [k, revision] of article.revisions.entries()) {
        const title = writer.title(plan.titles[revision.source] ?? 0);
        if (k === 0) slug = claimSlug(context.slugs[article.edition], slugify(title));
        const body = JSON.stringify(writer.body(revision.blocks, lookup));
        const id = ++ids.revision;
        revisionIds.push(id);
        rows.revisions.push({
          id,
          articleId,
          number: k + 1,
          title,
          slug,
          summary,
          body,
          savedByUserId: null,
          createdAt: iso(revision.at),
        });
        last = { title, body, at: revision.at };
      }
      if (!last) throw new Error(`Article ${plan.index}/${article.edition} has no revision`);
      if (article.original) originalRevisionIds = revisionIds;
      const lastSource = article.revisions[article.revisions.length - 1]?.source ?? 0;
      // Publishing is the last change to an article saved before it was published.
      const updatedAt = iso(Math.max(last.at, article.publishedAt ?? 0));
      if (updatedAt > story.updatedAt) story.updatedAt = updatedAt;
      rows.articles.push({
        id: articleId,
        storyId,
        edition: article.edition,
        title: last.title,
        slug,
        summary,
        body: last.body,
        status: article.draft ? "draft" : "published",
        authorId: bylines[0] ?? null,
        publishedAt: article.publishedAt === null ? null : iso(article.publishedAt),
        createdAt: iso(article.revisions[0]?.at ?? last.at),
        updatedAt,
        revisionId: revisionIds[revisionIds.length - 1] ?? null,
        basedOnRevisionId: article.original ? null : (originalRevisionIds[lastSource] ?? null),
      });
    }
  }
  return rows;
}
