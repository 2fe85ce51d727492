import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import { ArticleService } from "../../articles/article-service.ts";
import { StoryService } from "../../articles/story-service.ts";
import { searchEngineOf } from "../../content/search-index.ts";
import { bodyFromParagraphs } from "../../shared/body/body-text.ts";
import { parseQuery } from "../../shared/text/query-parser.ts";
import { TagService } from "../../tags/tag-service.ts";
import { tsqueryOf } from "./postgres-search.ts";
import { phrasePairsOf } from "./word-pairs.ts";

describe("the word pairs a phrase's tsquery asks for", () => {
  test("two adjacent words: one pair, and holding it is matching", () => {
    assert.deepEqual(phrasePairsOf(["'trade' <-> 'agreement'"], false), {
      pairs: ["trade agreement"],
      exact: true,
    });
    assert.deepEqual(phrasePairsOf(["'bye' <-> 'bye'", "'trade'", ""], false), {
      pairs: ["bye bye"],
      exact: true,
    });
  });

  test("longer phrases and stop words between: the adjacent pairs, positions still checked", () => {
    assert.deepEqual(phrasePairsOf(["'cessar-fog' <-> 'cess' <-> 'fog'"], false), {
      pairs: ["cessar-fog cess", "cess fog"],
      exact: false,
    });
    assert.deepEqual(phrasePairsOf(["'alto' <2> 'fueg'"], false), { pairs: [], exact: false });
    assert.deepEqual(phrasePairsOf(["'state' <2> 'emerg' <-> 'law'"], false), {
      pairs: ["emerg law"],
      exact: false,
    });
  });

  test("an excluded phrase needs its positions checked", () => {
    assert.deepEqual(phrasePairsOf(["'trade' <-> 'agreement'"], true), {
      pairs: ["trade agreement"],
      exact: false,
    });
  });

  test("quotes and backslashes inside lexemes are read back", () => {
    assert.deepEqual(phrasePairsOf(["'o''neil' <-> 'c\\\\d'"], false).pairs, ["o'neil c\\d"]);
  });

  test("anything but a chain of lexemes adds no pair and is not exact", () => {
    for (const text of ["'a' & 'b'", "( 'a' <-> 'b' ) <-> 'c'", "'a':* <-> 'b'", "'a' <-> ", "'a"]) {
      assert.deepEqual(phrasePairsOf([text], false), { pairs: [], exact: false }, text);
    }
  });
});

for (const database of testDatabases().filter((d) => d.name === "postgres")) {
  describe("PostgreSQL phrase search through word pairs", () => {
    let handle: TestDatabaseHandle;
    let tagId: number;
    const now = new Date(Date.now() + 60_000).toISOString();

    before(async () => {
      handle = await database.open();
      const stories = new StoryService(handle.db);
      const articles = new ArticleService(handle.db);
      tagId = (
        await new TagService(handle.db).upsertTag({
          key: "trade",
          kind: "topic",
          names: { en: "Commerce", pt: "Comércio", es: "Comercio" },
        })
      ).id;
      const texts: { title: string; summary?: string; body: string[] }[] = [
        { title: "Trade agreement signed", body: ["The agreement on trade was long awaited."] },
        { title: "Agreement on trade", body: ["A trade deal, then an agreement."] },
        { title: "Talks end in trade", summary: "Agreement follows", body: ["Nothing more."] },
        { title: "Red lantern festival", body: ["Crowds came."] },
        { title: "A red lantern", body: ["The lantern festival was cancelled."] },
        { title: "State of emergency declared", body: ["The state emergency services came."] },
        { title: "State emergency services", body: ["No state of siege."] },
        { title: "Bye bye summer", body: ["Bye for now."] },
        { title: "Ceasefire holds", body: ["The cease-fire was agreed at dawn."] },
        { title: "Cease talks", body: ["Fire at the border."] },
      ];
      for (const [i, text] of texts.entries()) {
        // Every other story under the tag: a tag with few articles leads the search (no pairs).
        const story = await stories.createStory({ originalEdition: "en", tagIds: i % 2 ? [tagId] : [] });
        const article = await articles.createArticle({
          storyId: story.id,
          edition: "en",
          title: text.title,
          summary: text.summary ?? null,
          body: bodyFromParagraphs(text.body),
        });
        await articles.publishArticle(article.id, {
          at: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(),
        });
      }
    });
    after(async () => handle?.close());

    for (const typed of [
      '"trade agreement"',
      '"agreement trade"',
      '"trade agreement" signed',
      'trade -"trade agreement"',
      '"red lantern festival"',
      '"lantern festival"',
      '"state of emergency"',
      '"state emergency"',
      '"emergency services" state',
      '"bye bye"',
      '"cease-fire"',
      '"cease fire"',
      "cease-fire",
      '"the of"',
    ]) {
      for (const tagged of [false, true]) {
        test(`${typed}${tagged ? " under a tag" : ""}: exactly the articles whose documents match the whole tsquery`, async () => {
          const query = parseQuery(typed);
          const result = await searchEngineOf(handle.db).query({
            edition: "en",
            query,
            now,
            offset: 0,
            limit: 100,
            candidateCap: 1_000,
            ...(tagged ? { tagId } : {}),
          });
          const tsquery = tsqueryOf("en", query);
          const { rows } = tsquery
            ? await sql<{ articleId: number }>`select d.article_id from search_documents d
                where d.document @@ ${tsquery} and (${!tagged} or exists (select 1 from tag_listings t
                  where t.tag_id = ${tagId} and t.article_id = d.article_id))`.execute(handle.db)
            : { rows: [] };
          const expected = rows.map((row) => row.articleId).sort((a, b) => a - b);
          assert.deepEqual(
            result.hits.map((hit) => hit.articleId).sort((a, b) => a - b),
            expected,
          );
          assert.equal(result.total, expected.length);
        });
      }
    }

    test("every indexed document carries the pairs of its consecutive words", async () => {
      const { rows } = await sql<{ title: string; pairs: string[] }>`
        select a.title, search_word_pairs(d.document) as pairs from search_documents d join articles a on a.id = d.article_id
        where a.title = 'Talks end in trade'`.execute(handle.db);
      // The title's last word and the summary's first stand side by side, as the phrase search sees them.
      assert.ok(rows[0]?.pairs.includes("trade agreement"), JSON.stringify(rows[0]?.pairs));
      assert.ok(rows[0]?.pairs.includes("talk end"));
      assert.ok(!rows[0]?.pairs.includes("end trade"), "a stop word stands between");
    });
  });
}
