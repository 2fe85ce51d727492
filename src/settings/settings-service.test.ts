import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import { createTestUser } from "../../test/support/newsroom.ts";
import { listAuditEntries } from "../accounts/audit/audit-log.ts";
import type { Actor } from "../accounts/authorization/policy.ts";
import { loadConfig } from "../config.ts";
import type { Db } from "../db/database.ts";
import { Editions } from "../editions/edition-service.ts";
import { DirectoryMediaStore } from "../media/directory-media-store.ts";
import { type ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ForbiddenError, ValidationError } from "../shared/errors.ts";
import { SettingsService } from "./settings-service.ts";

/** Editions of their own (settings change Edition objects in place), as one process has them. */
function freshEditions(env: Record<string, string> = {}): Editions {
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/tribune-test-data", ...env });
  return new Editions(config.editions, config.defaultEdition);
}

async function addRegion(db: Db, key: string): Promise<void> {
  await db.insertInto("tags").values({ key, kind: "region", createdAt: new Date().toISOString() }).execute();
}

async function addPicture(db: Db): Promise<number> {
  const row = await db
    .insertInto("media")
    .values({
      storageKey: "logo.png",
      originalName: "logo.png",
      mimeType: "image/png",
      width: 960,
      height: 240,
      sizeBytes: 1000,
      credit: null,
      createdAt: new Date().toISOString(),
      uploadedByUserId: null,
      searchText: "logo",
      takenAt: null,
      fileCaption: null,
      fileCredit: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [format, width] of [
    ["jpeg", 480],
    ["jpeg", 960],
    ["webp", 480],
  ] as const) {
    await db
      .insertInto("mediaVariants")
      .values({
        mediaId: row.id,
        format,
        width,
        height: width / 4,
        file: `logo-${width}.${format === "jpeg" ? "jpg" : "webp"}`,
        sizeBytes: 100,
      })
      .execute();
  }
  return row.id;
}

const EMPTY_EDITION = { displayName: "", timeZone: "", featuredRegions: "" };

for (const database of testDatabases()) {
  describe(`site settings on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    let db: Db;
    let events: ContentEvents;
    let editions: Editions;
    let settings: SettingsService;
    let admin: Actor;
    let announced: ContentChange[];

    beforeEach(async () => {
      handle = await database.open();
      db = handle.db;
      events = new ContentEvents();
      announced = [];
      events.subscribe((change) => void announced.push(change));
      editions = freshEditions({ SITE_NAME: "Env Tribune", EDITION_PT_FEATURED_REGIONS: "africa" });
      settings = await SettingsService.start({
        db,
        editions,
        siteName: "Env Tribune",
        mediaStore: new DirectoryMediaStore("/nowhere"),
        events,
      });
      admin = { ...(await createTestUser(db, "admin")), editions: [] };
    });
    afterEach(async () => {
      settings.close();
      await handle.close();
    });

    test("the environment's values are in effect until an admin saves others", () => {
      assert.equal(settings.siteName, "Env Tribune");
      assert.equal(settings.logo, null);
      assert.equal(editions.get("pt").timeZone, "America/Sao_Paulo");
      assert.deepEqual(editions.get("pt").featuredRegions, ["africa"]);
      assert.equal(settings.nameFor(editions.get("pt")), "Env Tribune");
    });

    test("saved settings win over the environment, in this process and in one started later", async () => {
      await addRegion(db, "europe");
      await addRegion(db, "africa");
      const logo = await addPicture(db);
      await settings.updateGeneral(admin, { siteName: "  The Daily Tribune ", logo: String(logo) });
      await settings.updateEdition(admin, "pt", {
        displayName: "Tribuna",
        timeZone: "europe/lisbon",
        featuredRegions: "europe, africa, europe",
      });
      const check = (service: SettingsService, own: Editions) => {
        assert.equal(service.siteName, "The Daily Tribune");
        assert.equal(service.logo?.mediaId, logo);
        assert.match(service.logo?.srcset ?? "", /logo-480\.jpg 480w, .*logo-960\.jpg 960w/);
        const pt = own.get("pt");
        assert.equal(pt.timeZone, "Europe/Lisbon", "the zone as IANA spells it");
        assert.deepEqual(pt.featuredRegions, ["europe", "africa"]);
        assert.equal(service.nameFor(pt), "Tribuna");
        assert.equal(service.nameFor(own.get("en")), "The Daily Tribune");
        assert.equal(own.get("en").timeZone, "Europe/London", "other editions keep theirs");
      };
      check(settings, editions);
      const laterEditions = freshEditions({ EDITION_PT_FEATURED_REGIONS: "africa" });
      const later = await SettingsService.start({
        db,
        editions: laterEditions,
        siteName: "Env",
        mediaStore: new DirectoryMediaStore("/x"),
      });
      check(later, laterEditions);
      assert.deepEqual(
        announced.map((change) => change.reasons),
        [["site.settings"], ["site.settings"]],
      );
      assert.deepEqual(announced[0]?.editions, ["en", "pt", "es"], "every edition's pages show them");
    });

    test("an empty field returns to the environment's value; saving the same again announces nothing", async () => {
      await settings.updateGeneral(admin, { siteName: "Renamed", logo: "" });
      await settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, timeZone: "Europe/Lisbon" });
      await settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, timeZone: "Europe/Lisbon" });
      assert.equal(announced.length, 2);
      await settings.updateGeneral(admin, { siteName: "", logo: "" });
      await settings.updateEdition(admin, "pt", EMPTY_EDITION);
      assert.equal(settings.siteName, "Env Tribune");
      assert.equal(editions.get("pt").timeZone, "America/Sao_Paulo");
      assert.deepEqual(editions.get("pt").featuredRegions, ["africa"]);
    });

    test("refuses what is not a zone, a region tag, a picture or a short name, naming the field and storing nothing", async () => {
      await addRegion(db, "europe");
      await db
        .insertInto("tags")
        .values({ key: "politics", kind: "section", createdAt: new Date().toISOString() })
        .execute();
      const refusals: [() => Promise<void>, string, RegExp][] = [
        [
          () => settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, timeZone: "Mars/Olympus" }),
          "timeZone",
          /IANA/,
        ],
        [
          () =>
            settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, featuredRegions: "europe, politics" }),
          "featuredRegions",
          /"politics" is not a region tag; region tags: europe/,
        ],
        [
          () => settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, featuredRegions: "Europe!" }),
          "featuredRegions",
          /not a tag key/,
        ],
        [
          () => settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, menuSections: "politics, asia" }),
          "menuSections",
          /"asia" is not a section or region tag; section or region tags: europe, politics/,
        ],
        [
          () =>
            settings.updateEdition(admin, "pt", {
              ...EMPTY_EDITION,
              menuSections: Array.from({ length: 13 }, (_, i) => `s${i}`).join(","),
            }),
          "menuSections",
          /at most 12/,
        ],
        [
          () => settings.updateGeneral(admin, { siteName: "x".repeat(81), logo: "" }),
          "siteName",
          /limit is 80/,
        ],
        [() => settings.updateGeneral(admin, { siteName: "", logo: "999" }), "logo", /not a picture/],
        [() => settings.updateGeneral(admin, { siteName: "", logo: "abc" }), "logo", /not a picture/],
      ];
      for (const [attempt, field, message] of refusals) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.equal(error.details.field, field);
          assert.match(error.message, message);
          return true;
        });
      }
      assert.equal((await db.selectFrom("editionSettings").selectAll().execute()).length, 0);
      assert.equal((await db.selectFrom("siteSettings").selectAll().execute()).length, 0);
      assert.equal(announced.length, 0);
    });

    test("only admins may change settings", async () => {
      const editor = { ...(await createTestUser(db, "editor")), editions: [] };
      await assert.rejects(settings.updateGeneral(editor, { siteName: "Mine", logo: "" }), ForbiddenError);
      await assert.rejects(settings.updateEdition(editor, "pt", EMPTY_EDITION), ForbiddenError);
      assert.equal(settings.siteName, "Env Tribune");
    });

    test("every change is audited with what it was and what it became", async () => {
      await settings.updateGeneral(admin, { siteName: "Audited", logo: "" }, { ip: "192.0.2.1" });
      await settings.updateEdition(admin, "es", { ...EMPTY_EDITION, timeZone: "Atlantic/Canary" });
      const { entries } = await listAuditEntries(db, admin, {});
      const [edition, site] = entries;
      assert.equal(site?.action, "settings.site");
      assert.equal(site?.ip, "192.0.2.1");
      assert.deepEqual(site?.details, {
        before: { siteName: null, logoMediaId: null },
        after: { siteName: "Audited", logoMediaId: null },
      });
      assert.equal(edition?.action, "settings.edition");
      assert.equal(edition?.subjectId, "es");
      assert.deepEqual(edition?.details.after, {
        displayName: null,
        timeZone: "Atlantic/Canary",
        featuredRegions: null,
        menuSections: null,
      });
    });

    test("another process's change, announced here, is in effect before the other listeners hear it", async () => {
      const otherEvents = new ContentEvents();
      const otherEditions = freshEditions();
      const other = await SettingsService.start({
        db,
        editions: otherEditions,
        siteName: "Env Tribune",
        mediaStore: new DirectoryMediaStore("/nowhere"),
        events: otherEvents,
      });
      const seenByCache: string[] = [];
      otherEvents.subscribe(
        () => void seenByCache.push(`${other.siteName} ${otherEditions.get("pt").timeZone}`),
      );
      await settings.updateGeneral(admin, { siteName: "From elsewhere", logo: "" });
      await settings.updateEdition(admin, "pt", { ...EMPTY_EDITION, timeZone: "Europe/Lisbon" });
      assert.equal(other.siteName, "Env Tribune", "nothing heard yet");
      // What the cluster relay does with a change it reads from the outbox.
      await otherEvents.announce({ ...(announced[1] as ContentChange), origin: "remote" });
      assert.equal(other.siteName, "From elsewhere");
      assert.deepEqual(seenByCache, ["From elsewhere Europe/Lisbon"]);
      other.close();
    });
  });
}
