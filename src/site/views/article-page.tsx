import { BodyView } from "../../articles/body/body-view.tsx";
import type { ListedStory } from "../../articles/listed-article.ts";
import { promotionClickPath } from "../../audience/audience-routes.ts";
import { beaconScript } from "../../audience/beacon-asset.ts";
import { commentMessagesFor } from "../../comments/i18n/comment-messages.ts";
import type { PictureData } from "../../media/picture.ts";
import { Picture } from "../../media/views/picture.tsx";
import type { Catalogue } from "../../shared/i18n/catalogue.ts";
import { formatDateTime, languageNameInSentence } from "../../shared/i18n/format.ts";
import { type CommentLinks, CommentsSection } from "../comments/views/comments-teaser.tsx";
import { embedPlayerScript } from "../embeds/embed-player-asset.ts";
import { type LivePageData, LiveUpdates } from "../live/live-updates.tsx";
import type { ArticlePageData } from "../reader-service.ts";
import { Byline } from "./byline.tsx";
import { CorrectionsNote } from "./corrections-note.tsx";
import { MostReadBox } from "./most-read-box.tsx";
import { PromotionBox } from "./promotion-box.tsx";
import { ShareLinks } from "./share-links.tsx";
import { StoryList } from "./story-list.tsx";

const HERO_SIZES = "(min-width: 48rem) 46rem, 100vw";
/** An edit later than this after publication is shown to readers as an update. */
const UPDATE_THRESHOLD_MS = 5 * 60_000;

/**
 * The article as readers get it, in the order of the seed page: headline, photo, body, tags,
 * comments, promotion. Its translations are linked by the header's edition switcher.
 */
export function ArticlePage({
  page,
  messages,
  moreOnThis,
  live,
  dayHref,
  comments,
  mostRead = [],
  countsViews = false,
}: {
  page: ArticlePageData;
  messages: Catalogue;
  moreOnThis: ListedStory[];
  /** A live story's updates, shown before the body (which sets the scene). */
  live?: LivePageData | undefined;
  /** The day archive of the publication date. */
  dayHref: string;
  /** The thread page and the count URL (the count is not part of this page, which stays cached). */
  comments: CommentLinks;
  /** The edition's "most read" box, under the article (none in the newsroom's preview). */
  mostRead?: readonly ListedStory[];
  /** A reader's page: it loads the view beacon, and its promotion links count clicks (not the preview). */
  countsViews?: boolean;
}) {
  const { article, edition } = page;
  const wasUpdated = Date.parse(article.updatedAt) - Date.parse(article.publishedAt) > UPDATE_THRESHOLD_MS;
  return (
    <article class="article">
      <h1>{article.title}</h1>
      {article.summary ? <p class="standfirst">{article.summary}</p> : null}
      <p class="meta">
        <Byline authors={page.authors} edition={edition} messages={messages} />
        {article.publication === "draft" ? (
          <span>{messages.notPublishedYet}</span>
        ) : (
          <span>
            {article.publication === "scheduled" ? messages.scheduledFor : messages.published}{" "}
            <a href={dayHref}>
              <time datetime={article.publishedAt}>{formatDateTime(edition, article.publishedAt)}</time>
            </a>
          </span>
        )}
        {wasUpdated && article.publication === "published" ? (
          <span>
            {messages.updated}{" "}
            <time datetime={article.updatedAt}>{formatDateTime(edition, article.updatedAt)}</time>
          </span>
        ) : null}
        <span>{messages.minutesToRead(page.readingMinutes)}</span>
      </p>
      {page.hero ? (
        <figure class="hero">
          <Picture picture={page.hero} sizes={HERO_SIZES} priority />
          {page.hero.caption || page.hero.credit ? (
            <figcaption>
              <HeroCaption picture={page.hero} page={page} messages={messages} />
              {page.hero.credit ? <span class="credit"> [{page.hero.credit}]</span> : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      {live ? <LiveUpdates live={live} articleId={article.id} edition={edition} messages={messages} /> : null}
      <div class="body">
        <BodyView
          doc={article.body}
          context={{
            readLabel: messages.readCallout,
            stories: page.stories,
            pictures: page.pictures,
            embeds: {
              cards: page.embeds,
              playLabel: messages.embedPlay,
              showPostLabel: messages.embedShowPost,
            },
          }}
        />
        {/* Only a page with an embed card loads the script that turns a click into the player. */}
        {page.embeds.size > 0 ? <script src={embedPlayerScript.path} defer /> : null}
      </div>
      <CorrectionsNote corrections={page.corrections} edition={edition} messages={messages} />
      <ShareLinks url={page.canonicalUrl} title={article.title} messages={messages} />
      {page.source ? (
        <p class="source">
          {messages.source}:{" "}
          {page.source.url ? (
            <a href={page.source.url}>{sourceLabel(page.source)}</a>
          ) : (
            sourceLabel(page.source)
          )}
        </p>
      ) : null}
      {page.tags.length > 0 ? (
        <nav class="tags" aria-label={messages.topics}>
          <ul>
            {page.tags.map((tag) => (
              <li key={tag.id}>
                <a href={tag.href} lang={tag.language === edition.code ? undefined : tag.language}>
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {/* Where the seed page has its "Show Comments": the one comments control, under the tags. */}
      <CommentsSection
        links={comments}
        messages={commentMessagesFor(edition.code)}
        label={messages.commentsHeading}
      />
      {page.promotion ? (
        <PromotionBox
          promotion={page.promotion}
          picture={page.promotion.mediaId ? page.pictures.get(page.promotion.mediaId) : undefined}
          label={messages.promotion}
          href={countsViews ? promotionClickPath(page.promotion.id, edition.code) : page.promotion.href}
        />
      ) : null}
      {moreOnThis.length > 0 ? (
        <section class="more-on-this" aria-labelledby="more-on-this">
          <h2 id="more-on-this">{messages.moreOnThis}</h2>
          <StoryList stories={moreOnThis} edition={edition} headingLevel={3} compact />
        </section>
      ) : null}
      <MostReadBox stories={mostRead} messages={messages} />
      {countsViews ? (
        // Counts the view once the page is visible; nothing without script (src/audience/assets/beacon.js).
        <script src={beaconScript.path} defer data-article={article.id} data-edition={edition.code} />
      ) : null}
    </article>
  );
}

/**
 * The caption in the page's language, or another edition's marked with its language (lang, and a
 * note as READ callouts have) until a translator writes this edition's.
 */
function HeroCaption({
  picture,
  page,
  messages,
}: {
  picture: PictureData;
  page: ArticlePageData;
  messages: Catalogue;
}) {
  if (!picture.caption) return null;
  if (!picture.captionLanguage) return <>{picture.caption}</>;
  return (
    <>
      <span lang={picture.captionLanguage}>{picture.caption}</span>{" "}
      <span class="language-note">
        {messages.inLanguage(languageNameInSentence(page.edition.locale, picture.captionLanguage))}
      </span>
    </>
  );
}

function sourceLabel(source: { name: string; shortName: string | null }): string {
  return source.shortName ? `${source.name} (${source.shortName})` : source.name;
}
