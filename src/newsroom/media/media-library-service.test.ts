import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../../test/support/databases.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";
import type { Actor } from "../../accounts/authorization/policy.ts";
import { DirectoryMediaStore } from "../../media/directory-media-store.ts";
import { refreshSearchText } from "../../media/media-service.ts";
import { type ContentChange, ContentEvents } from "../../shared/content-events.ts";
import { MediaLibraryService } from "./media-library-service.ts";
import { searchWords } from "./media-queries.ts";
import { jpegPhoto, pngImage } from "./media-test-support.ts";

const EDITIONS = ["en", "pt", "es"];

test("search words are folded like the stored text, and never carry LIKE wildcards", () => {
  assert.deepEqual(searchWords("  Ação   militar "), ["acao", "militar"]);
  assert.deepEqual(searchWords("100% _kirkuk_ \\ ação"), ["100", "kirkuk", "acao"]);
  assert.deepEqual(searchWords("%%%"), []);
  assert.deepEqual(searchWords(undefined), []);
});

for (const database of testDatabases()) {
  describe(`the media library service on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let dir: string;
    let library: MediaLibraryService;
    const announced: ContentChange[] = [];
    let editor: Actor;
    let contributor: Actor;
    let otherContributor: Actor;
    let translator: Actor;
    const ids: Record<string, number> = {};

    before(async () => {
      handle = await database.open();
      dir = await mkdtemp(join(tmpdir(), "tribune-library-"));
      const events = new ContentEvents();
      events.subscribe((change) => {
        announced.push(change);
      });
      library = new MediaLibraryService({
        db: handle.db,
        mediaStore: new DirectoryMediaStore(dir),
        maxBytes: 2 ** 20,
        editions: EDITIONS,
        events,
      });
      const actor = async (role: "editor" | "contributor" | "translator"): Promise<Actor> => {
        const user = await createTestUser(handle.db, role);
        return { id: user.id, role, editions: user.editions };
      };
      editor = await actor("editor");
      contributor = await actor("contributor");
      otherContributor = await actor("contributor");
      translator = await actor("translator"); // assigned to pt

      const pictures: [
        string,
        Buffer,
        Parameters<MediaLibraryService["upload"]>[1]["texts"],
        string | null,
      ][] = [
        [
          "soldiers.jpg",
          await jpegPhoto(800, 600, "a"),
          { pt: { caption: "Ação militar em Kirkuk" } },
          "Anadolu",
        ],
        ["market.jpg", await jpegPhoto(800, 600, "b"), { es: { caption: "Mercado de Bagdad" } }, "Reuters"],
        ["map.png", await pngImage(500, 400), { en: { alt: "Map of northern Iraq" } }, null],
        [
          "protest.jpg",
          await jpegPhoto(800, 600, "c"),
          { pt: { caption: "Protesto em São Paulo" } },
          "Agência Brasil",
        ],
        ["crowd.jpg", await jpegPhoto(800, 600, "d"), {}, null],
      ];
      for (const [name, data, texts, credit] of pictures) {
        const { item } = await library.upload(contributor, { fileName: name, data, texts, credit });
        ids[name] = item.id;
      }
    });
    after(async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    });

    const names = async (q: string) => (await library.search({ q })).items.map((item) => item.originalName);

    test("finds a picture by its Portuguese caption, with or without accents, in any case", async () => {
      assert.deepEqual(await names("ação"), ["soldiers.jpg"]);
      assert.deepEqual(await names("acao"), ["soldiers.jpg"]);
      assert.deepEqual(await names("AÇÃO Kirkuk"), ["soldiers.jpg"]);
      assert.deepEqual(await names("sao paulo"), ["protest.jpg"]);
      assert.deepEqual(await names("São"), ["protest.jpg"]);
    });

    test("also finds by credit, alt text and file name, every word required", async () => {
      assert.deepEqual(await names("agencia brasil"), ["protest.jpg"]);
      assert.deepEqual(await names("northern iraq"), ["map.png"]);
      assert.deepEqual(await names("market"), ["market.jpg"]);
      assert.deepEqual(await names("mercado kirkuk"), []);
      assert.deepEqual(
        await names("%"),
        (await library.search({})).items.map((item) => item.originalName),
      );
      assert.deepEqual(
        await names("_"),
        (await library.search({})).items.map((item) => item.originalName),
      );
    });

    test("pages newest first by keyset, to the end", async () => {
      const seen: string[] = [];
      let before: number | undefined;
      let pages = 0;
      do {
        const page = await library.search({ limit: 2, before });
        seen.push(...page.items.map((item) => item.originalName));
        before = page.next ?? undefined;
        pages += 1;
      } while (before !== undefined);
      assert.deepEqual(seen, ["crowd.jpg", "protest.jpg", "map.png", "market.jpg", "soldiers.jpg"]);
      assert.equal(pages, 3);
    });

    test("an item carries every edition's texts, nulls where nothing was written", async () => {
      const item = await library.item(ids["soldiers.jpg"] ?? 0);
      assert.deepEqual(item.texts, {
        en: { caption: null, alt: null },
        pt: { caption: "Ação militar em Kirkuk", alt: null },
        es: { caption: null, alt: null },
      });
      assert.equal(item.credit, "Anadolu");
      assert.match(item.thumbUrl, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{20}-soldiers-480\.jpg$/);
      assert.deepEqual([item.width, item.height], [800, 600]);
    });

    test("an editor changes the credit and two captions at once; search and the cache follow", async () => {
      const id = ids["crowd.jpg"] ?? 0;
      announced.length = 0;
      const changed = await library.edit(editor, id, {
        credit: "  Laila Haddad / Tribune ",
        texts: { pt: { caption: "Multidão na praça", alt: "" }, es: { caption: "Multitud en la plaza" } },
      });
      assert.deepEqual(changed, { credit: true, editions: ["pt", "es"] });
      const item = await library.item(id);
      assert.equal(item.credit, "Laila Haddad / Tribune");
      assert.equal(item.texts.pt?.caption, "Multidão na praça");
      assert.deepEqual(await names("multidao praca"), ["crowd.jpg"]);
      assert.deepEqual(await names("laila"), ["crowd.jpg"]);
      assert.deepEqual(
        announced.map((change) => change.mediaIds),
        [[id]],
      );
      const audit = await handle.db
        .selectFrom("auditLog")
        .select(["actorUserId", "details"])
        .where("action", "=", "media.edit")
        .where("subjectId", "=", String(id))
        .executeTakeFirstOrThrow();
      assert.equal(audit.actorUserId, editor.id);
      assert.deepEqual(JSON.parse(audit.details), { credit: true, editions: ["pt", "es"] });
    });

    test("sending the same texts again changes nothing and records nothing", async () => {
      const id = ids["crowd.jpg"] ?? 0;
      const changed = await library.edit(editor, id, {
        credit: "Laila Haddad / Tribune",
        texts: { pt: { caption: "Multidão na praça ", alt: "" }, en: { caption: "", alt: "" } },
      });
      assert.deepEqual(changed, { credit: false, editions: [] });
    });

    test("a contributor edits the texts of their own upload, not of someone else's", async () => {
      await library.edit(contributor, ids["market.jpg"] ?? 0, {
        texts: { en: { caption: "Baghdad market" } },
      });
      await assert.rejects(
        library.edit(otherContributor, ids["market.jpg"] ?? 0, { texts: { en: { caption: "Mine now" } } }),
        /A contributor may edit media only if they are their own; this belongs to someone else\./,
      );
      assert.equal((await library.item(ids["market.jpg"] ?? 0)).texts.en?.caption, "Baghdad market");
    });

    test("a translator edits captions in their editions only, and never the shared credit", async () => {
      const id = ids["soldiers.jpg"] ?? 0;
      // The whole form comes back: unchanged fields of other editions are no refusal.
      const changed = await library.edit(translator, id, {
        credit: "Anadolu",
        texts: {
          en: { caption: "", alt: "" },
          pt: { caption: "Ação militar em Kirkuk, no Iraque", alt: "Soldados em Kirkuk" },
        },
      });
      assert.deepEqual(changed, { credit: false, editions: ["pt"] });
      await assert.rejects(
        library.edit(translator, id, { texts: { en: { caption: "US soldiers" } } }),
        /A translator may edit media only in their assigned editions \(pt\), not in "en"\./,
      );
      await assert.rejects(library.edit(translator, id, { credit: "Someone" }), /no edition was given/);
      assert.equal((await library.item(id)).credit, "Anadolu");
    });

    test("a translator may not upload", async () => {
      await assert.rejects(
        library.upload(translator, { fileName: "x.jpg", data: await jpegPhoto(300, 200, "x") }),
        /A translator may not upload media\./,
      );
    });

    test("too long a caption is refused, naming the field", async () => {
      await assert.rejects(
        library.edit(editor, ids["map.png"] ?? 0, { texts: { pt: { caption: "x".repeat(2001) } } }),
        /caption: keep it under 2000 characters/,
      );
    });

    test("the search text can be rebuilt from what is stored (as migration 0007 does)", async () => {
      const id = ids["protest.jpg"] ?? 0;
      await handle.db.updateTable("media").set({ searchText: "" }).where("id", "=", id).execute();
      assert.deepEqual(await names("protesto"), []);
      await refreshSearchText(handle.db, id);
      assert.deepEqual(await names("protesto"), ["protest.jpg"]);
    });
  });
}
