import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { StoryService } from "../articles/story-service.ts";
import type { Db } from "../db/database.ts";
import type { PromotionPlacement } from "../db/schema.ts";
import { ValidationError } from "../shared/errors.ts";
import { TagService } from "../tags/tag-service.ts";
import { type PromotionInput, PromotionService } from "./promotion-service.ts";

const NOW = "2026-03-10T12:00:00.000Z";

const book = (changes: Partial<PromotionInput> = {}): PromotionInput => ({
  key: "writing-palestine",
  placement: "after-article",
  headline: "Writing Palestine",
  text: "Essays from a decade of reporting.",
  cta: "Buy your copy of the book now",
  href: "https://shop.example.org/writing-palestine",
  editions: ["en", "pt", "es"],
  ...changes,
});

const slot = (edition: string, placement: PromotionPlacement, tagIds: number[] = []) => ({
  edition,
  placement,
  tagIds,
});

async function promotionRows(db: Db) {
  return {
    promotions: await db.selectFrom("promotions").selectAll().orderBy("id").execute(),
    editions: await db
      .selectFrom("promotionEditions")
      .selectAll()
      .orderBy("promotionId")
      .orderBy("edition")
      .execute(),
  };
}

function validationOf(field: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.details.field, field);
    if (message) assert.match(error.message, message);
    return true;
  };
}

for (const database of testDatabases()) {
  describe(`promotions on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let promotions: PromotionService;

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      promotions = new PromotionService(db);
    });
    afterEach(async () => {
      await handle.close();
    });

    test("keeps one row when the same promotion is upserted twice", async () => {
      const first = await promotions.upsertPromotion(book());
      const before = await promotionRows(db);
      const second = await promotions.upsertPromotion(book());
      assert.deepEqual(second, first);
      assert.deepEqual(await promotionRows(db), before);
      assert.equal(before.promotions.length, 1);
      assert.deepEqual(before.editions.map((row) => row.edition).sort(), ["en", "es", "pt"]);
    });

    test("stores what it was given, with a weight of 1 by default", async () => {
      const row = await promotions.upsertPromotion(
        book({ startsAt: "2026-03-01T00:00:00+01:00", endsAt: "2026-04-01T00:00:00Z" }),
      );
      assert.deepEqual(
        { ...row, id: 0 },
        {
          id: 0,
          key: "writing-palestine",
          placement: "after-article",
          headline: "Writing Palestine",
          text: "Essays from a decade of reporting.",
          cta: "Buy your copy of the book now",
          href: "https://shop.example.org/writing-palestine",
          mediaId: null,
          startsAt: "2026-02-28T23:00:00.000Z",
          endsAt: "2026-04-01T00:00:00.000Z",
          weight: 1,
        },
      );
    });

    test("updates the promotion with the same key, replacing its editions", async () => {
      const first = await promotions.upsertPromotion(book());
      const second = await promotions.upsertPromotion(
        book({ headline: "Writing Palestine, second edition", editions: ["pt"], weight: 5 }),
      );
      assert.equal(second.id, first.id);
      assert.equal(second.headline, "Writing Palestine, second edition");
      assert.equal(second.weight, 5);
      const rows = await promotionRows(db);
      assert.equal(rows.promotions.length, 1);
      assert.deepEqual(rows.editions, [{ promotionId: first.id, edition: "pt" }]);
    });

    test("shows a promotion only in the editions it targets", async () => {
      const promotion = await promotions.upsertPromotion(book({ editions: ["pt", "es"] }));
      assert.equal(await promotions.choose(slot("en", "after-article"), NOW), undefined);
      assert.equal((await promotions.choose(slot("pt", "after-article"), NOW))?.id, promotion.id);
      assert.equal((await promotions.choose(slot("es", "after-article"), NOW))?.id, promotion.id);
    });

    test("shows a promotion only in its placement", async () => {
      await promotions.upsertPromotion(book({ placement: "sidebar" }));
      assert.equal(await promotions.choose(slot("en", "after-article"), NOW), undefined);
      assert.equal(await promotions.choose(slot("en", "banner"), NOW), undefined);
      assert.equal((await promotions.choose(slot("en", "sidebar"), NOW))?.key, "writing-palestine");
    });

    test("shows a promotion from its start until just before its end", async () => {
      await promotions.upsertPromotion(
        book({ startsAt: "2026-03-01T00:00:00.000Z", endsAt: "2026-03-31T00:00:00.000Z" }),
      );
      const at = (now: string) => promotions.choose(slot("en", "after-article"), now);
      assert.equal(await at("2026-02-28T23:59:59.999Z"), undefined);
      assert.ok(await at("2026-03-01T00:00:00.000Z"));
      assert.ok(await at(NOW));
      assert.ok(await at("2026-03-30T23:59:59.999Z"));
      assert.equal(await at("2026-03-31T00:00:00.000Z"), undefined);
      assert.equal(await at("2027-01-01T00:00:00.000Z"), undefined);
    });

    test("treats a missing start or end as open", async () => {
      await promotions.upsertPromotion(book({ key: "from-march", startsAt: "2026-03-01T00:00:00Z" }));
      await promotions.upsertPromotion(book({ key: "until-march", endsAt: "2026-03-01T00:00:00Z" }));
      assert.equal(
        (await promotions.choose(slot("en", "after-article"), "2020-01-01T00:00:00.000Z"))?.key,
        "until-march",
      );
      assert.equal(
        (await promotions.choose(slot("en", "after-article"), "2099-01-01T00:00:00.000Z"))?.key,
        "from-march",
      );
    });

    test("chooses by weight, the same promotion for the same pick", async () => {
      const light = await promotions.upsertPromotion(book({ key: "light", weight: 1 }));
      const heavy = await promotions.upsertPromotion(book({ key: "heavy", weight: 3 }));
      const choose = async (pick: number) =>
        (await promotions.choose(slot("en", "after-article"), NOW, pick))?.id;
      assert.equal(await choose(0), light.id);
      assert.equal(await choose(0.2499), light.id);
      assert.equal(await choose(0.25), heavy.id);
      assert.equal(await choose(0.6), heavy.id);
      assert.equal(await choose(0.9999), heavy.id);
      for (const pick of [0, 0.1, 0.3, 0.75, 0.99]) {
        assert.equal(await choose(pick), await choose(pick), `pick ${pick}`);
      }
      assert.equal(
        (await promotions.choose(slot("en", "after-article"), NOW))?.id,
        light.id,
        "pick defaults to 0",
      );
    });

    test("gives each promotion a share of the picks in proportion to its weight", async () => {
      await promotions.upsertPromotion(book({ key: "one", weight: 1 }));
      await promotions.upsertPromotion(book({ key: "two", weight: 2 }));
      await promotions.upsertPromotion(book({ key: "seven", weight: 7 }));
      const counts: Record<string, number> = {};
      for (let i = 0; i < 100; i += 1) {
        const chosen = await promotions.choose(slot("en", "after-article"), NOW, i / 100);
        assert.ok(chosen);
        counts[chosen.key] = (counts[chosen.key] ?? 0) + 1;
      }
      assert.deepEqual(counts, { one: 10, two: 20, seven: 70 });
    });

    test("leaves promotions that are not running out of the draw", async () => {
      await promotions.upsertPromotion(book({ key: "ended", weight: 100, endsAt: "2026-01-01T00:00:00Z" }));
      const running = await promotions.upsertPromotion(book({ key: "running", weight: 1 }));
      for (const pick of [0, 0.5, 0.99]) {
        assert.equal((await promotions.choose(slot("en", "after-article"), NOW, pick))?.id, running.id);
      }
    });

    test("answers no promotion when none is running", async () => {
      assert.equal(await promotions.choose(slot("en", "banner"), NOW, 0.5), undefined);
    });

    test("takes a path on the site as its link", async () => {
      const row = await promotions.upsertPromotion(book({ href: "/pt/livro" }));
      assert.equal(row.href, "/pt/livro");
    });

    for (const href of [
      "javascript:alert(1)",
      "//elsewhere.example/page",
      "/back\\slash",
      "shop.example.org",
      "ftp://example.org/x",
      "",
    ]) {
      test(`refuses the link ${JSON.stringify(href)} and stores nothing`, async () => {
        await assert.rejects(promotions.upsertPromotion(book({ href })), validationOf("href"));
        assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
      });
    }

    test("refuses an end that does not come after the start, and stores nothing", async () => {
      for (const endsAt of ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]) {
        await assert.rejects(
          promotions.upsertPromotion(book({ startsAt: "2026-03-01T00:00:00Z", endsAt })),
          validationOf("endsAt", /must come after startsAt/),
        );
      }
      assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
    });

    test("refuses dates that are not dates", async () => {
      await assert.rejects(promotions.upsertPromotion(book({ startsAt: "soon" })), validationOf("startsAt"));
      await assert.rejects(
        promotions.upsertPromotion(book({ endsAt: "2026-13-45" })),
        validationOf("endsAt"),
      );
    });

    test("refuses weights that are not whole numbers from 1 to 100", async () => {
      for (const weight of [0, -1, 1.5, 101, Number.NaN]) {
        await assert.rejects(promotions.upsertPromotion(book({ weight })), validationOf("weight"));
      }
      assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
    });

    test("refuses an unknown placement, no editions, a bad key and a missing headline or call to action", async () => {
      await assert.rejects(
        promotions.upsertPromotion(book({ placement: "popup" as PromotionPlacement })),
        validationOf("placement", /after-article, sidebar, banner/),
      );
      await assert.rejects(promotions.upsertPromotion(book({ editions: [] })), validationOf("editions"));
      await assert.rejects(
        promotions.upsertPromotion(book({ key: "Writing Palestine" })),
        validationOf("key"),
      );
      await assert.rejects(promotions.upsertPromotion(book({ headline: " " })), validationOf("headline"));
      await assert.rejects(promotions.upsertPromotion(book({ cta: "" })), validationOf("cta"));
      assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
    });

    describe("limited to tags", () => {
      /** americas > brazil > são paulo, and culture: a story for each, and one with no tag. */
      async function taggedStories() {
        const tags = new TagService(db);
        const stories = new StoryService(db);
        const americas = await tags.upsertTag({ key: "americas", kind: "region", names: { en: "Americas" } });
        const brazil = await tags.upsertTag({
          key: "brazil",
          kind: "country",
          parent: "americas",
          names: { en: "Brazil", pt: "Brasil" },
        });
        const saoPaulo = await tags.upsertTag({
          key: "sao-paulo",
          kind: "topic",
          parent: "brazil",
          names: { en: "São Paulo" },
        });
        const culture = await tags.upsertTag({ key: "culture", kind: "section", names: { en: "Culture" } });
        const story = async (tagIds: number[]) =>
          (await stories.createStory({ originalEdition: "en", tagIds })).id;
        return {
          tags: { americas, brazil, saoPaulo, culture },
          stories: {
            americas: await story([americas.id]),
            brazil: await story([brazil.id, culture.id]),
            saoPaulo: await story([saoPaulo.id]),
            culture: await story([culture.id]),
            none: await story([]),
          },
        };
      }

      test("knows a story's tags with every tag above them", async () => {
        const { tags, stories } = await taggedStories();
        assert.deepEqual(
          await promotions.storyTagIds(stories.saoPaulo),
          [tags.americas.id, tags.brazil.id, tags.saoPaulo.id].sort((a, b) => a - b),
        );
        assert.deepEqual(await promotions.storyTagIds(stories.none), []);
      });

      test("shows beside stories with one of its tags or a tag below one, and nowhere else", async () => {
        const { tags, stories } = await taggedStories();
        const limited = await promotions.upsertPromotion(book({ tagIds: [tags.brazil.id] }));
        const shownBeside = async (storyId: number) =>
          (await promotions.choose(slot("en", "after-article", await promotions.storyTagIds(storyId)), NOW))
            ?.id;
        assert.equal(await shownBeside(stories.brazil), limited.id);
        assert.equal(await shownBeside(stories.saoPaulo), limited.id, "a tag below it");
        assert.equal(await shownBeside(stories.americas), undefined, "a tag above it is not enough");
        assert.equal(await shownBeside(stories.culture), undefined);
        assert.equal(await shownBeside(stories.none), undefined);
      });

      test("a promotion limited to no tag still shows everywhere, beside the limited ones", async () => {
        const { tags, stories } = await taggedStories();
        const everywhere = await promotions.upsertPromotion(book({ key: "everywhere" }));
        const limited = await promotions.upsertPromotion(
          book({ key: "brazil-book", tagIds: [tags.brazil.id] }),
        );
        const candidates = async (storyId: number) => {
          const tagIds = await promotions.storyTagIds(storyId);
          const ids = new Set<number | undefined>();
          for (const pick of [0, 0.6])
            ids.add((await promotions.choose(slot("en", "after-article", tagIds), NOW, pick))?.id);
          return [...ids].sort();
        };
        assert.deepEqual(await candidates(stories.brazil), [everywhere.id, limited.id].sort());
        assert.deepEqual(await candidates(stories.culture), [everywhere.id]);
      });

      test("replaces its tags when upserted again, and refuses a tag that does not exist", async () => {
        const { tags } = await taggedStories();
        const promotion = await promotions.upsertPromotion(
          book({ tagIds: [tags.brazil.id, tags.culture.id] }),
        );
        await promotions.upsertPromotion(book({ tagIds: [tags.culture.id] }));
        const stored = async () =>
          (
            await db
              .selectFrom("promotionTags")
              .select("tagId")
              .where("promotionId", "=", promotion.id)
              .execute()
          ).map((row) => row.tagId);
        assert.deepEqual(await stored(), [tags.culture.id]);
        await assert.rejects(
          promotions.upsertPromotion(book({ tagIds: [999_999] })),
          validationOf("tagIds", /999999/),
        );
        assert.deepEqual(await stored(), [tags.culture.id]);
      });
    });

    test("refuses a picture that is not in the media library", async () => {
      await assert.rejects(promotions.upsertPromotion(book({ mediaId: 424_242 })), validationOf("mediaId"));
      assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
    });

    test("refuses an edition that does not exist, storing nothing", async () => {
      await assert.rejects(
        promotions.upsertPromotion(book({ editions: ["en", "fr"] })),
        /editions: "fr" is not an edition/,
      );
      assert.deepEqual(await promotionRows(db), { promotions: [], editions: [] });
    });

    test("keeps the previous version when an update is refused", async () => {
      await promotions.upsertPromotion(book());
      const before = await promotionRows(db);
      await assert.rejects(promotions.upsertPromotion(book({ headline: "Changed", editions: ["en", "fr"] })));
      assert.deepEqual(await promotionRows(db), before);
    });
  });
}
