import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import { AuthorService } from "../authors/author-service.ts";
import { rebuildSearchIndex } from "../content/search-index.ts";
import type { Edition } from "../editions/edition.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { TagService } from "../tags/tag-service.ts";
import type { Highlighted } from "./highlight.ts";
import { HOSTILE_QUERIES } from "./hostile-queries.ts";
import { type SearchOptions, SearchService } from "./search-service.ts";

const edition = (code: string): Edition => {
  const found = testConfig.editions.find((e) => e.code === code);
  if (!found) throw new Error(`no edition ${code}`);
  return found;
};
const marked = (runs: Highlighted) => runs.filter((run) => run.mark).map((run) => run.text);

for (const database of testDatabases()) {
  describe(`search on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let stories: StoryService;
    let articles: ArticleService;
    let tags: TagService;
    let search: SearchService;
    const tagIds = new Map<string, number>();
    const now = () => new Date(Date.now() + 1_000).toISOString();

    /** One published article per edition given, in a new story; returns the article ids by edition. */
    async function publish(
      texts: Record<string, { title: string; body?: string[]; summary?: string }>,
      options: { at?: string; tags?: string[]; authorId?: number } = {},
    ): Promise<Record<string, number>> {
      const editions = Object.keys(texts);
      const story = await stories.createStory({
        originalEdition: editions[0] ?? "en",
        tagIds: (options.tags ?? []).map((key) => tagIds.get(key) ?? 0),
      });
      const ids: Record<string, number> = {};
      for (const code of editions) {
        const text = texts[code];
        if (!text) continue;
        const article = await articles.createArticle({
          storyId: story.id,
          edition: code,
          title: text.title,
          summary: text.summary ?? null,
          body: bodyFromParagraphs(text.body ?? ["Nothing more to add."]),
          ...(options.authorId !== undefined ? { authorId: options.authorId } : {}),
        });
        await articles.publishArticle(article.id, { at: options.at ?? "2026-03-01T12:00:00.000Z" });
        ids[code] = article.id;
      }
      return ids;
    }

    async function ids(code: string, query: string, options: SearchOptions = {}): Promise<number[]> {
      const result = await search.search(edition(code), query, options, now());
      return result.hits.map((hit) => hit.articleId);
    }

    before(async () => {
      handle = await database.open();
      stories = new StoryService(handle.db);
      articles = new ArticleService(handle.db);
      tags = new TagService(handle.db);
      search = new SearchService(handle.db, new SiteUrls("http://tribune.test"));
      for (const tag of [
        {
          key: "middle-east",
          kind: "region" as const,
          names: { en: "Middle East", pt: "Oriente Médio", es: "Oriente Medio" },
        },
        {
          key: "iran",
          kind: "country" as const,
          parent: "middle-east",
          names: { en: "Iran", pt: "Irã", es: "Irán" },
        },
        { key: "europe", kind: "region" as const, names: { en: "Europe", pt: "Europa", es: "Europa" } },
      ]) {
        tagIds.set(tag.key, (await tags.upsertTag(tag)).id);
      }
    });
    after(() => handle.close());

    describe("in Portuguese", () => {
      test("finds the singular from the plural: ataques finds ataque", async () => {
        const { pt } = await publish({
          pt: { title: "Um ataque contra a embaixada", body: ["Sem vítimas."] },
        });
        assert.ok((await ids("pt", "ataques")).includes(pt as number));
      });

      test("folds accents: Ira typed without the tilde finds Irã, and Irã finds Ira", async () => {
        const { pt } = await publish({ pt: { title: "Sanções contra o Irã", body: ["O Irã respondeu."] } });
        assert.ok((await ids("pt", "Ira")).includes(pt as number));
        assert.ok((await ids("pt", "IRÃ")).includes(pt as number));
      });

      test("retirada and retiradas match each other", async () => {
        const { pt } = await publish({
          pt: { title: "Governo anuncia retiradas de tropas", body: ["As tropas saem em março."] },
        });
        const { pt: other } = await publish({ pt: { title: "A retirada total", body: ["Sem data."] } });
        assert.deepEqual(
          new Set((await ids("pt", "retirada")).filter((id) => id === pt || id === other)),
          new Set([pt, other]),
        );
        assert.ok((await ids("pt", "retiradas")).includes(other as number));
      });

      test("marks every form of the word in the title and the snippet", async () => {
        await publish({
          pt: {
            title: "Retiradas: o que muda para os moradores",
            body: ["Primeiro parágrafo sem a palavra.", "A retirada começa amanhã, dizem os moradores."],
          },
        });
        const result = await search.search(edition("pt"), "retirada moradores", {}, now());
        const hit = result.hits.find((h) => h.title.some((run) => run.text === "Retiradas"));
        assert.ok(hit, "the article is found");
        assert.deepEqual(marked(hit.title), ["Retiradas", "moradores"]);
        assert.ok(marked(hit.snippet).includes("retirada"));
        assert.equal(result.query.text, "retirada moradores");
      });
    });

    describe("in Spanish", () => {
      test("retirada and retiradas, ataques and ataque, Irán and Iran", async () => {
        const { es } = await publish({
          es: { title: "Irán anuncia la retirada de sus asesores", body: ["Tras el ataque de ayer."] },
        });
        for (const query of ["retiradas", "ataques", "Iran", "IRÁN"]) {
          assert.ok((await ids("es", query)).includes(es as number), query);
        }
      });

      test("results stay in the edition searched", async () => {
        const { es, pt } = await publish({
          pt: { title: "Retirada em Lisboa", body: ["Texto."] },
          es: { title: "Retirada en Madrid", body: ["Texto."] },
        });
        const spanish = await ids("es", "retirada");
        assert.ok(spanish.includes(es as number));
        assert.ok(!spanish.includes(pt as number));
      });
    });

    describe("in English", () => {
      test("withdrawal finds withdraw, and withdraw finds withdrawal", async () => {
        const { en } = await publish({
          en: { title: "Groups say they will withdraw", body: ["Nothing else."] },
        });
        const { en: other } = await publish({
          en: { title: "Full withdrawal demanded", body: ["By the end of the year."] },
        });
        assert.ok((await ids("en", "withdrawal")).includes(en as number));
        assert.ok((await ids("en", "withdrawing")).includes(other as number));
      });

      test("a quoted phrase needs its words together and in order", async () => {
        const { en: together } = await publish({
          en: { title: "Zephyrine accord talks", body: ["The zephyrine accord holds."] },
        });
        const { en: apart } = await publish({
          en: {
            title: "Accord on the zephyrine question",
            body: ["An accord, they said, on zephyrine matters."],
          },
        });
        const found = await ids("en", '"zephyrine accord"');
        assert.ok(found.includes(together as number));
        assert.ok(!found.includes(apart as number));
        const loose = await ids("en", "zephyrine accord");
        assert.ok(loose.includes(apart as number) && loose.includes(together as number));
      });

      test("an excluded word or phrase leaves out the stories that have it", async () => {
        const { en: kept } = await publish({
          en: { title: "Quillwort harvest begins", body: ["In the north."] },
        });
        const { en: dropped } = await publish({
          en: { title: "Quillwort harvest fails", body: ["Heavy rain in the south."] },
        });
        assert.deepEqual(await ids("en", "quillwort -rain"), [kept]);
        assert.deepEqual(await ids("en", 'quillwort -"heavy rain"'), [kept]);
        assert.deepEqual((await ids("en", "quillwort")).sort(), [kept, dropped].sort());
        assert.deepEqual(await ids("en", "-quillwort"), [], "excluding alone finds nothing");
      });

      test("ranks a title match above a body match, and equal matches newest first", async () => {
        const { en: inBody } = await publish(
          { en: { title: "Weather report", body: ["The marrowfat crop was good this year."] } },
          { at: "2026-03-05T10:00:00.000Z" },
        );
        const { en: inTitle } = await publish(
          { en: { title: "Marrowfat crop was good", body: ["Farmers were pleased with the year."] } },
          { at: "2026-03-01T10:00:00.000Z" },
        );
        assert.deepEqual(await ids("en", "marrowfat"), [inTitle, inBody]);

        const same = { en: { title: "Tamarack news", body: ["Same words."] } };
        const older = await publish(same, { at: "2026-02-01T10:00:00.000Z" });
        const newer = await publish(same, { at: "2026-02-03T10:00:00.000Z" });
        const middle = await publish(same, { at: "2026-02-02T10:00:00.000Z" });
        assert.deepEqual(await ids("en", "tamarack"), [newer.en, middle.en, older.en]);
      });

      test("filters by tag, a region including its countries", async () => {
        const { en: inIran } = await publish(
          { en: { title: "Saltbush report from Tehran" } },
          { tags: ["iran"] },
        );
        const { en: inEurope } = await publish(
          { en: { title: "Saltbush report from Paris" } },
          { tags: ["europe"] },
        );
        assert.deepEqual(await ids("en", "saltbush", { tagSlug: "middle-east" }), [inIran]);
        assert.deepEqual(await ids("en", "saltbush", { tagSlug: "iran" }), [inIran]);
        assert.deepEqual(await ids("en", "saltbush", { tagSlug: "europe" }), [inEurope]);
        const unknown = await search.search(edition("en"), "saltbush", { tagSlug: "no-such-tag" }, now());
        assert.equal(unknown.filters.tag, null, "an unknown tag is ignored");
        assert.equal(unknown.total, 2);
        // The tag names are searchable words too.
        assert.ok((await ids("en", "saltbush iran")).includes(inIran as number));
      });

      test("filters by publication date, both ends included, in the edition's time zone", async () => {
        const early = await publish(
          { en: { title: "Bladderwrack early" } },
          { at: "2026-01-10T12:00:00.000Z" },
        );
        const late = await publish(
          { en: { title: "Bladderwrack late" } },
          { at: "2026-01-20T12:00:00.000Z" },
        );
        assert.deepEqual(await ids("en", "bladderwrack", { from: "2026-01-15" }), [late.en]);
        assert.deepEqual(await ids("en", "bladderwrack", { to: "2026-01-10" }), [early.en]);
        assert.deepEqual(await ids("en", "bladderwrack", { from: "2026-01-10", to: "2026-01-20" }), [
          late.en,
          early.en,
        ]);
        assert.deepEqual(await ids("en", "bladderwrack", { from: "2026-01-21" }), []);
        const ignored = await search.search(edition("en"), "bladderwrack", { from: "2026-02-31" }, now());
        assert.equal(ignored.filters.from, null, "an impossible date is ignored");
        assert.equal(ignored.total, 2);
      });

      test("pages through the results", async () => {
        const paged = new SearchService(handle.db, new SiteUrls("http://tribune.test"), { pageSize: 2 });
        for (let day = 1; day <= 5; day++) {
          await publish({ en: { title: `Hornbeam story ${day}` } }, { at: `2026-04-0${day}T10:00:00.000Z` });
        }
        const first = await paged.search(edition("en"), "hornbeam", {}, now());
        const third = await paged.search(edition("en"), "hornbeam", { page: 3 }, now());
        assert.equal(first.total, 5);
        assert.equal(first.pageCount, 3);
        assert.equal(first.hits.length, 2);
        assert.equal(third.hits.length, 1);
        const all = [
          ...first.hits,
          ...(await paged.search(edition("en"), "hornbeam", { page: 2 }, now())).hits,
          ...third.hits,
        ];
        assert.equal(new Set(all.map((hit) => hit.articleId)).size, 5);
        assert.equal((await paged.search(edition("en"), "hornbeam", { page: 9 }, now())).hits.length, 0);
      });

      test("ranks only the newest matches, whether they are among the newest articles or older", async () => {
        // A cap of 2: PostgreSQL looks first among the edition's 32 newest articles, then among all.
        const capped = new SearchService(handle.db, new SiteUrls("http://tribune.test"), { candidateCap: 2 });
        const written: number[] = [];
        for (let day = 1; day <= 40; day++) {
          const title = day === 39 ? "Larkspur larkspur in bloom" : `Larkspur notes ${day}`;
          const body = day <= 2 ? ["A foxglove meadow, then larkspur."] : ["Larkspur and meadow grass."];
          const at = new Date(Date.UTC(2026, 5, day, 10)).toISOString();
          const { en } = await publish({ en: { title, body } }, { at, tags: day % 2 ? ["iran"] : [] });
          written.push(en as number);
        }
        const [first, second] = written;
        const hits = async (query: string, options: SearchOptions = {}) => {
          const result = await capped.search(edition("en"), query, options, now());
          return { ids: result.hits.map((hit) => hit.articleId), total: result.total, more: result.more };
        };
        // Among the newest (days 40 and 39), the title match first.
        assert.deepEqual(await hits("larkspur"), { ids: [written[38], written[39]], total: 2, more: true });
        assert.deepEqual(await hits("larkspur -foxglove", { tagSlug: "middle-east" }), {
          ids: [written[38], written[36]],
          total: 2,
          more: true,
        });
        // Only in the oldest two, beyond the newest 32.
        assert.deepEqual(await hits("foxglove larkspur"), { ids: [second, first], total: 2, more: false });
        assert.deepEqual(await hits('"foxglove meadow"'), { ids: [second, first], total: 2, more: false });
        assert.deepEqual(await hits('"larkspur and meadow" -"foxglove meadow"'), {
          ids: [written[39], written[38]],
          total: 2,
          more: true,
        });
        assert.deepEqual(await hits('"foxglove meadow"', { tagSlug: "iran" }), {
          ids: [first],
          total: 1,
          more: false,
        });
      });

      test("an unpublished article leaves the results at once, and comes back when published again", async () => {
        const { en } = await publish({ en: { title: "Wolfsbane shipment seized" } });
        assert.deepEqual(await ids("en", "wolfsbane"), [en]);
        await articles.unpublishArticle(en as number);
        assert.deepEqual(await ids("en", "wolfsbane"), []);
        await articles.publishArticle(en as number);
        assert.deepEqual(await ids("en", "wolfsbane"), [en]);
      });

      test("a scheduled article appears only once its time has come", async () => {
        const at = new Date(Date.now() + 3_600_000).toISOString();
        const { en } = await publish({ en: { title: "Hellebore festival opens" } }, { at });
        assert.deepEqual(await ids("en", "hellebore"), []);
        const later = await search.search(
          edition("en"),
          "hellebore",
          {},
          new Date(Date.now() + 7_200_000).toISOString(),
        );
        assert.deepEqual(
          later.hits.map((hit) => hit.articleId),
          [en],
        );
      });

      test("an edit of a published article is searchable at once; a draft is never found", async () => {
        const { en } = await publish({ en: { title: "Lungwort trial begins" } });
        await articles.updateArticle(en as number, { title: "Figwort trial begins" });
        assert.deepEqual(await ids("en", "lungwort"), []);
        assert.deepEqual(await ids("en", "figwort"), [en]);
        const story = await stories.createStory({ originalEdition: "en" });
        await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: "Figwort draft",
          body: bodyFromParagraphs(["x"]),
        });
        assert.deepEqual(await ids("en", "figwort"), [en]);
      });

      test("a renamed author's stories are found by the new name at once, not the old", async () => {
        const authors = new AuthorService(handle.db);
        const author = await authors.createAuthor({ name: "Odile Quarrington" });
        const { en } = await publish({ en: { title: "Harbour dredging resumes" } }, { authorId: author.id });
        assert.deepEqual(await ids("en", "quarrington"), [en]);
        await authors.updateAuthor(author.id, { name: "Odile Vantongeren" });
        assert.deepEqual(await ids("en", "vantongeren"), [en]);
        assert.deepEqual(await ids("en", "quarrington"), []);
      });

      test("a rebuild gives the same results", async () => {
        const before = await ids("en", "saltbush");
        assert.ok((await rebuildSearchIndex(handle.db)) > 0);
        assert.deepEqual(await ids("en", "saltbush"), before);
      });

      test("never throws on hostile or broken queries", async () => {
        for (const query of HOSTILE_QUERIES) {
          for (const code of ["en", "pt", "es"]) {
            const result = await search.search(edition(code), query, {}, now());
            assert.ok(Array.isArray(result.hits), JSON.stringify(query.slice(0, 40)));
            assert.ok(result.query.text.length <= 400);
          }
        }
      });
    });

    describe("in the newsroom", () => {
      test("finds articles in every state and edition", async () => {
        const story = await stories.createStory({ originalEdition: "en" });
        const draft = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: "Snowdrop budget draft",
          body: bodyFromParagraphs(["x"]),
        });
        const translation = await articles.createArticle({
          storyId: story.id,
          edition: "pt",
          title: "Orçamento do snowdrop",
          body: bodyFromParagraphs(["x"]),
        });
        const found = await search.searchNewsroom("snowdrop");
        assert.deepEqual(found.hits.map((hit) => hit.articleId).sort(), [draft.id, translation.id].sort());
        assert.deepEqual(
          (await search.searchNewsroom("snowdrop", { editions: ["pt"] })).hits.map((hit) => hit.articleId),
          [translation.id],
        );
        assert.deepEqual((await search.searchNewsroom("snowdrop", { statuses: ["published"] })).hits, []);
        assert.equal((await search.searchNewsroom("orcamento")).hits[0]?.articleId, translation.id);
      });
    });
  });
}
