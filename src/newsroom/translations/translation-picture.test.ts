import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import { createTestUser, type TestUser } from "../../../test/support/newsroom.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { DirectoryMediaStore } from "../../media/directory-media-store.ts";
import { MediaService } from "../../media/media-service.ts";
import { type ContentChange, ContentEvents } from "../../shared/content-events.ts";
import { ForbiddenError } from "../../shared/errors.ts";
import { TranslationPictureService } from "./translation-picture.ts";
import { TranslationService } from "./translation-service.ts";
import { type CaptionedStory, captionedStory, ENGLISH_CAPTION } from "./translation-test-support.ts";

const EDITIONS = ["en", "pt", "es"];
const actorOf = (user: TestUser): Actor => ({ id: user.id, role: user.role, editions: user.editions });

for (const database of testDatabases()) {
  describe(`the translation page's picture texts on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let mediaDir: string;
    let translator: Actor;
    let story: CaptionedStory;
    let announced: ContentChange[];
    let pictures: TranslationPictureService;

    beforeEach(async () => {
      handle = await database.open();
      mediaDir = await mkdtemp(join(tmpdir(), "tribune-translation-picture-"));
      const editor = await createTestUser(handle.db, "editor");
      translator = actorOf(await createTestUser(handle.db, "translator", { editions: ["pt"] }));
      story = await captionedStory(handle.db, new DirectoryMediaStore(mediaDir), editor.id, ["pt", "es"]);
      announced = [];
      const events = new ContentEvents();
      events.subscribe((change) => {
        announced.push(change);
      });
      pictures = new TranslationPictureService({
        db: handle.db,
        mediaStore: new DirectoryMediaStore(mediaDir),
        editions: EDITIONS,
        events,
      });
    });
    afterEach(async () => {
      await handle.close();
      await rm(mediaDir, { recursive: true, force: true });
    });

    const pairOf = (edition: string) => {
      const translation = story.translations[edition];
      assert.ok(translation);
      return new TranslationService(handle.db).pair(translator, translation.id);
    };

    test("reads the hero picture's texts in the original's and the translation's editions", async () => {
      const texts = await pictures.heroTexts(translator, await pairOf("pt"));
      assert.ok(texts);
      assert.equal(texts.mediaId, story.mediaId);
      assert.deepEqual(texts.original, {
        edition: "en",
        caption: ENGLISH_CAPTION,
        alt: "Wooden boats lined up along a stone quay",
      });
      assert.deepEqual(texts.translation, { edition: "pt", caption: null, alt: null });
      assert.equal(texts.editable, true);
      assert.match(texts.thumbnailUrl ?? "", /^\/media\/.+-480\.jpg$/);
    });

    test("saves through one unit of work that purges the picture's pages, audited", async () => {
      const changed = await pictures.saveHeroTexts(translator, await pairOf("pt"), {
        pt: { caption: "Barcos no porto", alt: "Barcos de madeira" },
      });
      assert.deepEqual(changed, ["pt"]);
      assert.equal(announced.length, 1);
      assert.deepEqual(announced[0]?.reasons, ["media.texts"]);
      assert.deepEqual(announced[0]?.mediaIds, [story.mediaId]);
      assert.ok(announced[0]?.editions.includes("pt"));
      const audit = await handle.db
        .selectFrom("auditLog")
        .select(["action", "actorUserId"])
        .where("subjectType", "=", "media")
        .execute();
      assert.deepEqual(audit, [{ action: "media.edit", actorUserId: translator.id }]);

      // Readers of Portuguese get the new words; Spanish still falls back to English, named so.
      const media = new MediaService({ db: handle.db, mediaStore: new DirectoryMediaStore(mediaDir) });
      const pt = (await media.getPictures([story.mediaId], "pt", "en")).get(story.mediaId);
      assert.deepEqual(
        [pt?.caption, pt?.captionLanguage, pt?.alt, pt?.altLanguage],
        ["Barcos no porto", null, "Barcos de madeira", null],
      );
      const es = (await media.getPictures([story.mediaId], "es", "en")).get(story.mediaId);
      assert.deepEqual([es?.caption, es?.captionLanguage, es?.altLanguage], [ENGLISH_CAPTION, "en", "en"]);
    });

    test("refuses another edition's texts to a translator, storing and announcing nothing", async () => {
      await assert.rejects(
        pictures.saveHeroTexts(translator, await pairOf("pt"), { es: { caption: "Barcos en el puerto" } }),
        ForbiddenError,
      );
      const stored = await handle.db
        .selectFrom("mediaTexts")
        .select("edition")
        .where("mediaId", "=", story.mediaId)
        .execute();
      assert.deepEqual(stored, [{ edition: "en" }]);
      assert.deepEqual(announced, []);
    });

    test("saves nothing and announces nothing when the texts are those stored", async () => {
      const changed = await pictures.saveHeroTexts(translator, await pairOf("pt"), {
        pt: { caption: "", alt: "  " },
      });
      assert.deepEqual(changed, []);
      assert.deepEqual(announced, []);
    });
  });
}
