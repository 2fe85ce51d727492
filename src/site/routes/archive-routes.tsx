import type { FastifyReply } from "fastify";
import type { ComponentChildren } from "preact";
import { type Static, Type } from "typebox";
import {
  authorKey,
  dayKey,
  listedKeys,
  mediaKey,
  missingKey,
  monthKey,
  setSurrogateKeys,
  tagKey,
  tagNameKey,
} from "../../cache/surrogate-keys.ts";
import { isCalendarDate, zonedRange } from "../../shared/time-zone.ts";
import {
  type ArchivePage as ArchiveData,
  type Cursor,
  formatCursor,
  parseCursor,
} from "../archive-service.ts";
import { type EditionRequest, type EditionRoute, editionRoute } from "../edition-router.ts";
import { editionFeedLinks, tagFeedLinks } from "../feeds/feed-links.ts";
import { ArchiveQuery, Day, Month, Slug, Year } from "../route-schemas.ts";
import { DESCRIPTION_LENGTH, truncateAtWord } from "../seo/article-metadata.ts";
import type { SiteContext } from "../site-context.ts";
import type { RenderOptions } from "../site-pages.tsx";
import { ArchivePage } from "../views/archive-page.tsx";
import { AuthorProfile } from "../views/author-profile.tsx";
import type { PageHead } from "../views/layout.tsx";

const PAGE_SIZE = 20;
const SlugParams = Type.Object({ slug: Slug });

/** `/tag/{slug}`: a tag's stories and those of the tags below it. */
export function tagArchiveRoute(context: SiteContext): EditionRoute {
  return editionRoute({
    url: "/tag/:slug",
    params: SlugParams,
    querystring: ArchiveQuery,
    async handle(request) {
      const { slug } = request.params;
      const tag = await context.reader.findTag(request.edition, slug);
      if (!tag) {
        // A renamed tag's old address, or a merged tag's, leads to the archive that lives on; cached
        // as the edition's missing answers (a rename or merge purges them).
        const current = await context.reader.findFormerTagSlug(request.edition, slug);
        if (current === undefined) return context.pages.notFound(request.reply, request.edition);
        setSurrogateKeys(request.reply, [missingKey(request.edition.code)]);
        const target = context.urls.absolute(request.edition, context.urls.tagPath(current));
        return request.reply.redirect(target, 301);
      }
      const slugs = await context.reader.tagSlugs(tag.id);
      return renderArchive(context, request, {
        title: request.messages.tagArchiveTitle(tag.name),
        description: tag.description,
        metaDescription: cutDescription(
          tag.description ||
            request.messages.tagFeedDescription(tag.name, context.pages.siteNameFor(request.edition)),
        ),
        path: context.urls.tagPath(tag.slug),
        // Not the other editions' names: a new slug there leaves the switcher's link to the old one,
        // which redirects to the new (tag slug history), so a rename elsewhere need not drop this page.
        keys: [tagKey(tag.id, request.edition.code), tagNameKey(tag.id, request.edition.code)],
        currentTagId: tag.id,
        counterpart: (other) => {
          const there = slugs.get(other.code);
          return there === undefined ? null : context.urls.tagPath(there);
        },
        feeds: [
          ...tagFeedLinks(context, request.edition, tag, request.messages),
          ...editionFeedLinks(context, request.edition, request.messages),
        ],
        load: (cursor) => context.archives.byTag(request.edition, tag.id, request.now, cursor, PAGE_SIZE),
      });
    },
  });
}

/** `/author/{slug}`: an author's stories in the edition. */
export function authorArchiveRoute(context: SiteContext): EditionRoute {
  return editionRoute({
    url: "/author/:slug",
    params: SlugParams,
    querystring: ArchiveQuery,
    async handle(request) {
      const author = await context.authors.findBySlug(request.params.slug);
      if (!author) return context.pages.notFound(request.reply, request.edition);
      const { edition } = request;
      const [profile, photo] = await Promise.all([
        context.authors.readerProfile(author, edition.code),
        author.photoMediaId ? context.archives.picture(edition, author.photoMediaId) : undefined,
      ]);
      const bio = profile.bio && {
        text: profile.bio.text,
        lang: profile.bio.edition ? (context.editions.find(profile.bio.edition)?.locale ?? null) : null,
      };
      return renderArchive(context, request, {
        title: request.messages.authorArchiveTitle(author.name),
        metaDescription: cutDescription(
          bio?.text || request.messages.tagFeedDescription(author.name, context.pages.siteNameFor(edition)),
        ),
        intro: (
          <AuthorProfile profile={{ name: author.name, photo: photo ?? null, bio, links: profile.links }} />
        ),
        path: context.urls.authorPath(author.slug),
        keys: [
          authorKey(author.id, edition.code),
          author.photoMediaId ? mediaKey(author.photoMediaId, edition.code) : null,
        ],
        load: (cursor) =>
          context.archives.byAuthor(request.edition, author.id, request.now, cursor, PAGE_SIZE),
      });
    },
  });
}

/** `/{yyyy}/{mm}/` and `/{yyyy}/{mm}/{dd}/`: a month or a day, in the edition's time zone. */
export function dateArchiveRoutes(context: SiteContext): EditionRoute[] {
  return [
    editionRoute({
      url: "/:year/:month/",
      params: Type.Object({ year: Year, month: Month }),
      querystring: ArchiveQuery,
      handle: (request) => dateArchive(context, request, request.params),
    }),
    editionRoute({
      url: "/:year/:month/:day/",
      params: Type.Object({ year: Year, month: Month, day: Day }),
      querystring: ArchiveQuery,
      handle: (request) => dateArchive(context, request, request.params),
    }),
  ];
}

/** A month's or a day's archive; a date the calendar has not (02/30) is missing. */
async function dateArchive(
  context: SiteContext,
  request: EditionRequest<unknown, Static<typeof ArchiveQuery>>,
  params: { year: string; month: string; day?: string },
): Promise<FastifyReply> {
  const year = Number(params.year);
  const month = Number(params.month);
  const day = params.day === undefined ? undefined : Number(params.day);
  if (!isCalendarDate(year, month, day ?? 1)) {
    return context.pages.notFound(request.reply, request.edition);
  }
  const { edition, messages } = request;
  const label = new Intl.DateTimeFormat(
    edition.locale,
    day === undefined
      ? { month: "long", year: "numeric", timeZone: "UTC" }
      : { dateStyle: "long", timeZone: "UTC" },
  ).format(new Date(Date.UTC(year, month - 1, day ?? 1)));
  const range = zonedRange(edition.timeZone, year, month, day);
  return renderArchive(context, request, {
    title: day === undefined ? messages.monthArchiveTitle(label) : messages.dayArchiveTitle(label),
    metaDescription: messages.tagFeedDescription(label, context.pages.siteNameFor(edition)),
    path: context.urls.datePath(year, month, day),
    keys: [
      day === undefined
        ? monthKey(edition.code, `${year}-${pad(month)}`)
        : dayKey(edition.code, `${year}-${pad(month)}-${pad(day)}`),
    ],
    load: (cursor) => context.archives.byPeriod(edition, range, request.now, cursor, PAGE_SIZE),
  });
}

/** A description cut at a word near the length search results show. */
function cutDescription(text: string): string {
  return truncateAtWord(text.replace(/\s+/g, " ").trim(), DESCRIPTION_LENGTH);
}

async function renderArchive(
  context: SiteContext,
  { reply, edition, messages, query }: EditionRequest<unknown, Static<typeof ArchiveQuery>>,
  archive: {
    title: string;
    /** Plain text the newsroom wrote about the archive (a tag's description in the edition). */
    description?: string | null;
    /** What search engines and link previews show for the page (`<meta name="description">`). */
    metaDescription: string;
    intro?: ComponentChildren;
    path: string;
    feeds?: PageHead["feeds"];
    /** What the archive lists (its surrogate keys); the stories listed are added. */
    keys: (string | null)[];
    /** The archive in the other editions (none: every edition has it at the same path). */
    counterpart?: RenderOptions["counterpart"];
    /** The tag whose archive this is (its menu entry is the current page). */
    currentTagId?: number;
    load: (cursor: Cursor | null) => Promise<ArchiveData>;
  },
): Promise<FastifyReply> {
  const cursor = parseCursor(query.before ?? null);
  if (cursor === "invalid") return context.pages.badRequest(reply, edition);
  const data = await archive.load(cursor);
  setSurrogateKeys(reply, [...archive.keys, ...listedKeys(data.stories)]);
  const href = (path: string) => context.urls.href(edition, path, edition);
  const links = {
    newest: cursor ? href(archive.path) : null,
    older: data.older ? href(`${archive.path}?before=${formatCursor(data.older)}`) : null,
  };
  return context.pages.render(
    reply,
    200,
    edition,
    {
      title: archive.title,
      description: archive.metaDescription,
      feeds: archive.feeds ?? editionFeedLinks(context, edition, messages),
      canonicalUrl: context.urls.absolute(
        edition,
        cursor ? `${archive.path}?before=${formatCursor(cursor)}` : archive.path,
      ),
      // Deep pages are for people browsing; search engines get the articles from the sitemaps.
      ...(cursor ? { robots: "noindex, follow" } : {}),
    },
    <ArchivePage
      title={archive.title}
      description={archive.description ?? null}
      intro={archive.intro}
      data={data}
      links={links}
      edition={edition}
      messages={messages}
    />,
    {
      counterpart: archive.counterpart ?? (() => archive.path),
      ...(archive.currentTagId === undefined ? {} : { currentTagId: archive.currentTagId }),
    },
  );
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
