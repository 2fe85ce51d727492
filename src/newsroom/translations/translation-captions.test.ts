import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";
import { openMediaStore } from "../../media/open-media-store.ts";
import {
  type CaptionedStory,
  captionedStory,
  ENGLISH_ALT,
  ENGLISH_CAPTION,
  readerPathOf,
} from "./translation-test-support.ts";

const PT_CAPTION = "Barcos de pesca atracados no porto ao entardecer";
const PT_ALT = "Barcos de madeira alinhados num cais de pedra";

for (const database of testDatabases()) {
  describe(`the hero picture's texts on the translation page on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;
    let translator: NewsroomSession; // pt
    let story: CaptionedStory;

    before(async () => {
      // The page cache on: saving must purge the reader pages that show the picture.
      demo = await startDemoApp(database, { PAGE_CACHE_MB: "8" });
      editor = await signInAs(demo.app, demo.database.db, "editor");
      translator = await signInAs(demo.app, demo.database.db, "translator");
      story = await captionedStory(demo.database.db, openMediaStore(demo.config), editor.user.id, [
        "pt",
        "es",
      ]);
    });
    after(() => demo.close());

    const translationOf = (edition: string) => {
      const article = story.translations[edition];
      assert.ok(article, edition);
      return article;
    };
    const readerPage = async (edition: string) => {
      const path = readerPathOf(demo.config.publicUrl, demo.config.editions, translationOf(edition));
      const response = await demo.app.inject(path);
      assert.equal(response.statusCode, 200, path);
      return parsePage(response.body);
    };
    const storedTexts = (edition: string) =>
      demo.database.db
        .selectFrom("mediaTexts")
        .select(["caption", "alt"])
        .where("mediaId", "=", story.mediaId)
        .where("edition", "=", edition)
        .executeTakeFirst();

    test("shows the original's caption and alt beside empty fields for the translation's edition", async () => {
      const response = await translator.get(`/newsroom/translations/${translationOf("pt").id}`);
      assert.equal(response.statusCode, 200);
      const page = parsePage(response.body);
      const original = page.querySelector("[data-original-picture]");
      assert.match(original?.textContent ?? "", new RegExp(ENGLISH_CAPTION));
      assert.match(original?.textContent ?? "", new RegExp(ENGLISH_ALT));
      assert.equal(page.querySelector('textarea[name="caption.pt"]')?.textContent, "");
      assert.equal(page.querySelector('input[name="alt.pt"]')?.getAttribute("value"), "");
      assert.equal(page.querySelector('textarea[name="caption.en"]'), null, "only the translation's edition");
    });

    test("a translator saves their edition's texts: the reader page shows them, purged from the cache", async () => {
      // Before: the Portuguese page shows the English caption, marked as English (and is now cached).
      const before = await readerPage("pt");
      assert.equal(before.querySelector("figure.hero figcaption span[lang]")?.getAttribute("lang"), "en");

      const saved = await translator.post(`/newsroom/translations/${translationOf("pt").id}/picture-texts`, {
        "caption.pt": `  ${PT_CAPTION} `,
        "alt.pt": PT_ALT,
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      assert.equal(
        saved.headers.location,
        `/newsroom/translations/${translationOf("pt").id}?done=picture-saved`,
      );
      assert.deepEqual(await storedTexts("pt"), { caption: PT_CAPTION, alt: PT_ALT });
      const form = parsePage((await translator.get(String(saved.headers.location))).body);
      assert.equal(form.querySelector('textarea[name="caption.pt"]')?.textContent, PT_CAPTION);
      assert.match(form.querySelector("p.notice")?.textContent ?? "", /caption and alt text have been saved/);

      const portuguese = await readerPage("pt");
      const caption = portuguese.querySelector("figure.hero figcaption");
      assert.match(caption?.textContent ?? "", new RegExp(PT_CAPTION));
      assert.equal(caption?.querySelector("[lang]"), null, "its own language: no lang, no note");
      const image = portuguese.querySelector("figure.hero img");
      assert.equal(image?.getAttribute("alt"), PT_ALT);
      assert.equal(image?.hasAttribute("lang"), false);

      const audit = await demo.database.db
        .selectFrom("auditLog")
        .select(["action", "details", "actorUserId"])
        .where("subjectType", "=", "media")
        .where("subjectId", "=", String(story.mediaId))
        .execute();
      assert.deepEqual(
        audit.map((entry) => [entry.action, entry.actorUserId, JSON.parse(entry.details ?? "{}").editions]),
        [["media.edit", translator.user.id, ["pt"]]],
      );
    });

    test("an edition without texts of its own shows the original's, marked with its language", async () => {
      const spanish = await readerPage("es");
      const marked = spanish.querySelector("figure.hero figcaption span[lang]");
      assert.equal(marked?.getAttribute("lang"), "en");
      assert.equal(marked?.textContent, ENGLISH_CAPTION);
      assert.match(spanish.querySelector("figure.hero .language-note")?.textContent ?? "", /\(en inglés\)/);
      const image = spanish.querySelector("figure.hero img");
      assert.equal(image?.getAttribute("alt"), ENGLISH_ALT);
      assert.equal(image?.getAttribute("lang"), "en");
    });

    test("a translator may not change another edition's texts: 403, nothing stored", async () => {
      const auditBefore = await demo.database.db.selectFrom("auditLog").select("id").execute();
      const refused = await translator.post(
        `/newsroom/translations/${translationOf("pt").id}/picture-texts`,
        {
          "caption.es": "Barcos de pesca en el puerto",
        },
      );
      assert.equal(refused.statusCode, 403, refused.body.slice(0, 400));
      assert.match(
        parsePage(refused.body).querySelector("p.error")?.textContent ?? "",
        /only in their assigned editions \(pt\), not in "es"/,
      );
      // Nor through the Spanish translation's page, which is not theirs to read.
      const elsewhere = await translator.post(
        `/newsroom/translations/${translationOf("es").id}/picture-texts`,
        { "caption.es": "Barcos de pesca en el puerto" },
      );
      assert.equal(elsewhere.statusCode, 403);
      assert.equal(await storedTexts("es"), undefined);
      const auditAfter = await demo.database.db.selectFrom("auditLog").select("id").execute();
      assert.equal(auditAfter.length, auditBefore.length);
    });

    test("a story without a hero picture has no such form, and saving there is refused with a 400", async () => {
      const { translations } = await captionedStory(
        demo.database.db,
        openMediaStore(demo.config),
        editor.user.id,
        ["pt"],
      );
      const translation = translations.pt;
      assert.ok(translation);
      await demo.database.db
        .updateTable("stories")
        .set({ heroMediaId: null })
        .where("id", "=", translation.storyId)
        .execute();
      const page = parsePage((await translator.get(`/newsroom/translations/${translation.id}`)).body);
      assert.equal(page.querySelector('textarea[name="caption.pt"]'), null);
      const refused = await translator.post(`/newsroom/translations/${translation.id}/picture-texts`, {
        "caption.pt": "Sem foto",
      });
      assert.equal(refused.statusCode, 400);
    });
  });
}
