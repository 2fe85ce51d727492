import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { ArticleService } from "../articles/article-service.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { seedDemo } from "../seed/demo-seed.ts";
import { bodyFromParagraphs } from "../shared/body/body-text.ts";
import { TagService } from "../tags/tag-service.ts";
import { RelatedService } from "./related-service.ts";

const HOUR = 3_600_000;
const editions = new Editions(testConfig.editions, testConfig.defaultEdition);
const en = editions.get("en");
const pt = editions.get("pt");

interface StoryOptions {
  title: string;
  body: string[];
  tags: number[];
  edition?: string;
  /** Hours ago (negative: in the future); null leaves it a draft. */
  hoursAgo?: number | null;
  summary?: string;
}

for (const database of testDatabases()) {
  describe(`related stories on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let related: RelatedService;
    let now: string;
    let tag: { iraq: number; kurdistan: number; news: number };

    /** A story with one article, published `hoursAgo` hours before now unless a draft. */
    async function story(options: StoryOptions) {
      const created = await new StoryService(db).createStory({
        originalEdition: options.edition ?? "en",
        tagIds: options.tags,
      });
      const articles = new ArticleService(db);
      const article = await articles.createArticle({
        storyId: created.id,
        edition: options.edition ?? "en",
        title: options.title,
        summary: options.summary ?? null,
        body: bodyFromParagraphs(options.body),
      });
      const hoursAgo = options.hoursAgo === undefined ? 1 : options.hoursAgo;
      if (hoursAgo !== null) {
        await articles.publishArticle(article.id, { at: new Date(Date.parse(now) - hoursAgo * HOUR) });
      }
      return { storyId: created.id, articleId: article.id };
    }

    const titles = async (articleId: number, limit = 10, edition = en) =>
      (await related.relatedToId(edition, articleId, now, limit)).map((s) => s.title);

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      related = new RelatedService(db, new SiteUrls("http://tribune.test"), editions);
      now = new Date().toISOString();
      const tags = new TagService(db);
      tag = {
        iraq: (await tags.upsertTag({ key: "iraq", kind: "country", names: { en: "Iraq" } })).id,
        kurdistan: (await tags.upsertTag({ key: "kurdistan", kind: "topic", names: { en: "Kurdistan" } })).id,
        news: (await tags.upsertTag({ key: "news", kind: "section", names: { en: "News" } })).id,
      };
    });
    afterEach(async () => {
      await handle.close();
    });

    const OIL_LAW = [
      "Iraq's parliament approved the long-delayed oil and gas law on Tuesday, ending a deadlock over how oil revenue is shared between Baghdad and the Kurdistan region.",
      "The oil law sets up a federal council to manage contracts with foreign oil companies.",
    ];

    test("ranks a textually similar story above one that only shares tags, linked stories first", async () => {
      const source = await story({
        title: "Iraqi parliament passes oil law after years of deadlock",
        body: OIL_LAW,
        tags: [tag.iraq, tag.news],
      });
      await story({
        title: "Investors wait for Iraq's oil law as deadlock over revenue drags on",
        body: [
          "Foreign oil companies say the deadlock between Baghdad and Kurdistan over oil revenue delays contracts.",
        ],
        tags: [tag.iraq],
        hoursAgo: 72,
      });
      await story({
        title: "Iraq football team wins friendly in Basra",
        body: ["The national team beat Jordan two goals to one in front of a full stadium."],
        tags: [tag.iraq, tag.news],
        hoursAgo: 0.5,
      });
      const linked = await story({
        title: "Pope visits Mosul church",
        body: ["A visit long awaited by the city's Christians."],
        tags: [],
        hoursAgo: 200,
      });
      await new StoryService(db).setRelated(source.storyId, [linked.storyId]);

      const list = await related.relatedToId(en, source.articleId, now, 10);
      assert.deepEqual(
        list.map((s) => s.title),
        [
          "Pope visits Mosul church",
          "Investors wait for Iraq's oil law as deadlock over revenue drags on",
          "Iraq football team wins friendly in Basra",
        ],
      );
      assert.deepEqual(
        list.map((s) => s.linked),
        [true, false, false],
      );
      assert.ok((list[1]?.score ?? 0) > (list[2]?.score ?? 0));
      assert.match(list[1]?.href ?? "", /^\/en\/\d{4}\/\d{2}\/\d{2}\/investors-wait-for-iraq-s-oil-law/);
      assert.deepEqual(await titles(source.articleId, 1), ["Pope visits Mosul church"], "the limit holds");
    });

    test("never offers other editions, unpublished, scheduled or withdrawn stories, nor the story itself", async () => {
      const source = await story({ title: "Oil law passes in Iraq", body: OIL_LAW, tags: [tag.iraq] });
      const articles = new ArticleService(db);
      await articles.publishArticle(
        (
          await articles.createArticle({
            storyId: source.storyId,
            edition: "pt",
            title: "Lei do petróleo é aprovada no Iraque",
            body: bodyFromParagraphs(["Tradução."]),
          })
        ).id,
        { at: now },
      );
      await story({ title: "Lei do petróleo do Iraque", body: OIL_LAW, tags: [tag.iraq], edition: "pt" });
      await story({ title: "Draft: oil law passes", body: OIL_LAW, tags: [tag.iraq], hoursAgo: null });
      await story({ title: "Embargoed: oil law passes", body: OIL_LAW, tags: [tag.iraq], hoursAgo: -2 });
      const withdrawn = await story({ title: "Withdrawn: oil law passes", body: OIL_LAW, tags: [tag.iraq] });
      await articles.unpublishArticle(withdrawn.articleId);
      await story({ title: "Kurdish oil exports resume", body: OIL_LAW, tags: [tag.iraq], hoursAgo: 5 });

      assert.deepEqual(await titles(source.articleId), ["Kurdish oil exports resume"]);
      const ptArticle = await articles.findByStoryAndEdition(source.storyId, "pt");
      assert.deepEqual(await titles(ptArticle?.id ?? 0, 10, pt), ["Lei do petróleo do Iraque"]);
      const linkedElsewhere = await story({
        title: "Only in Portuguese",
        body: ["x"],
        tags: [],
        edition: "pt",
      });
      await new StoryService(db).setRelated(source.storyId, [linkedElsewhere.storyId]);
      assert.deepEqual(
        await titles(source.articleId),
        ["Kurdish oil exports resume"],
        "a linked story without an article in the edition is left out",
      );
    });

    test("gives the newer of two stories that score alike first, and works for a draft", async () => {
      const draft = await story({
        title: "Oil law draft",
        body: OIL_LAW,
        tags: [tag.kurdistan],
        hoursAgo: null,
      });
      await story({
        title: "Sunny weekend ahead",
        body: ["Warm weather."],
        tags: [tag.kurdistan],
        hoursAgo: 9,
      });
      await story({
        title: "Snow closes mountain roads",
        body: ["Cold."],
        tags: [tag.kurdistan],
        hoursAgo: 3,
      });
      assert.deepEqual(await titles(draft.articleId), ["Snow closes mountain roads", "Sunny weekend ahead"]);
    });

    test("compares stories by terms stored on publish, kept in step with edits and withdrawals", async () => {
      const source = await story({ title: "Oil law passes in Iraq", body: OIL_LAW, tags: [tag.iraq] });
      const football = await story({
        title: "Iraq football team wins friendly in Basra",
        body: ["The national team beat Jordan two goals to one."],
        tags: [tag.iraq],
        hoursAgo: 0.5,
      });
      const investors = await story({
        title: "Investors wait for the oil law",
        body: ["Oil companies say the deadlock over revenue delays contracts."],
        tags: [tag.iraq],
        hoursAgo: 72,
      });
      const storedTerms = async (articleId: number) =>
        (
          await db
            .selectFrom("articleTerms")
            .select("terms")
            .where("articleId", "=", articleId)
            .executeTakeFirst()
        )?.terms;
      assert.equal(
        await storedTerms(investors.articleId),
        "oil 4 investor 3 law 3 wait 3 companie 1 contract 1 deadlock 1 delay 1 revenue 1",
        "title words count three times, heaviest first, ties in alphabetical order",
      );
      const ranked = ["Investors wait for the oil law", "Iraq football team wins friendly in Basra"];
      assert.deepEqual(await titles(source.articleId), ranked);

      // Stored terms missing (rows written around the services): the same ranking from the text.
      await db.deleteFrom("articleTerms").execute();
      assert.deepEqual(await titles(source.articleId), ranked);

      // An edit changes what the story is about; the stored terms, and the score, follow it.
      const scoreOf = async (title: string) =>
        (await related.relatedToId(en, source.articleId, now, 10)).find((s) => s.title === title)?.score ?? 0;
      const before = await scoreOf(ranked[1] as string);
      const articles = new ArticleService(db);
      await articles.updateArticle(football.articleId, {
        title: "Oil law vote delayed again",
        body: bodyFromParagraphs(["Parliament put off the oil law vote over revenue sharing."]),
      });
      assert.equal(
        await storedTerms(football.articleId),
        "law 4 oil 4 vote 4 again 3 delayed 3 parliament 1 put 1 revenue 1 sharing 1",
      );
      assert.ok((await scoreOf("Oil law vote delayed again")) > before + 0.1);

      await articles.unpublishArticle(investors.articleId);
      assert.equal(await storedTerms(investors.articleId), undefined, "a withdrawn article keeps no terms");
      assert.deepEqual(await titles(source.articleId), ["Oil law vote delayed again"]);
    });

    test("answers nothing for an unknown article or a story without tags or links", async () => {
      assert.deepEqual(await related.relatedToId(en, 999_999, now, 4), []);
      const lonely = await story({ title: "Oil law passes", body: OIL_LAW, tags: [] });
      await story({ title: "Oil law passes again", body: OIL_LAW, tags: [tag.iraq] });
      assert.deepEqual(await titles(lonely.articleId), []);
    });
  });

  describe(`the READ callout picker on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let related: RelatedService;
    let mediaDir: string;
    const now = () => new Date().toISOString();

    before(async () => {
      mediaDir = await mkdtemp(join(tmpdir(), "tribune-related-"));
      handle = await database.open();
      await seedDemo(handle.db, {
        mediaStore: new DirectoryMediaStore(mediaDir),
        editions: editions.codes(),
      });
      related = new RelatedService(handle.db, new SiteUrls("http://tribune.test"), editions);
    });
    after(async () => {
      await handle.close();
      await rm(mediaDir, { recursive: true, force: true });
    });

    test("finds Muqtada by 'muqt', with the title in the editor's edition and its translations", async () => {
      const found = await related.pickerSearch(pt, "muqt", now(), 10);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.title, "Muqtada Al-Sadr, do Iraque, apoia apelo do premiê por diálogo nacional");
      assert.equal(found[0]?.edition, "pt");
      assert.deepEqual(found[0]?.translations, { en: true, pt: true, es: true });
    });

    test("finds Irã by 'ira', newest first, in the original language where there is no translation", async () => {
      const found = await related.pickerSearch(pt, "ira", now(), 10);
      assert.deepEqual(
        found.map((s) => [s.edition, s.title]),
        [
          [
            "pt",
            "Grupos apoiados pelo Irã deixarão de atacar alvos dos EUA se o Iraque exigir retirada total, diz reportagem",
          ],
          ["en", "Iran, Turkey slam Iraq's KRG over controversial postage stamp"],
          ["pt", "Muqtada Al-Sadr, do Iraque, apoia apelo do premiê por diálogo nacional"],
        ],
      );
      assert.deepEqual(found[1]?.translations, { en: true, pt: false, es: false });
      const sorted = [...found].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
      assert.deepEqual(found, sorted);
    });

    test("needs every typed word to begin a word of the title, and skips unpublished stories", async () => {
      const both = await related.pickerSearch(en, "IRAQ muqtada", now(), 10);
      assert.deepEqual(
        both.map((s) => s.title),
        ["Iraq's Muqtada Al-Sadr supports PM call for national dialogue"],
      );
      assert.deepEqual(await related.pickerSearch(en, "uqtada", now(), 10), [], "prefixes only");
      assert.deepEqual(await related.pickerSearch(en, "  ,; ", now(), 10), []);
      const draft = await new StoryService(handle.db).createStory({ originalEdition: "en" });
      await new ArticleService(handle.db).createArticle({
        storyId: draft.id,
        edition: "en",
        title: "Muqtada draft not yet out",
        body: bodyFromParagraphs(["Draft."]),
      });
      assert.equal((await related.pickerSearch(en, "muqt", now(), 10)).length, 1);
      assert.equal((await related.pickerSearch(en, "ira", now(), 1)).length, 1, "the limit holds");
    });
  });
}
