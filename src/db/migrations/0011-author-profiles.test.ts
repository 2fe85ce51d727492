import assert from "node:assert/strict";
import { test } from "node:test";
import type { Kysely } from "kysely";
import { openDatabase } from "../database.ts";
import type { DialectAdapter } from "../dialect-adapter.ts";
import * as m1 from "./0001-content-model.ts";
import * as m2 from "./0002-listings-and-slug-history.ts";
import * as m3 from "./0003-search.ts";
import * as m4 from "./0004-accounts.ts";
import * as m5 from "./0005-content-changes.ts";
import * as m6 from "./0006-comments.ts";
import * as m7 from "./0007-media-uploader.ts";
import * as m8 from "./0008-related-terms.ts";
import * as m9 from "./0009-secret-fingerprints.ts";
import * as authorProfiles from "./0011-author-profiles.ts";

const BEFORE: { up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> }[] = [
  m1,
  m2,
  m3,
  m4,
  m5,
  m6,
  m7,
  m8,
  m9,
];

test("0011 gives each story the bylines its articles had, in the order they were written", async () => {
  const { db, adapter, close } = await openDatabase("sqlite::memory:");
  try {
    for (const migration of BEFORE) await migration.up(db as unknown as Kysely<unknown>, adapter);
    const now = "2026-01-01T00:00:00.000Z";
    await db
      .insertInto("editions")
      .values([
        { code: "en", locale: "en-GB", timeZone: "UTC", position: 0 },
        { code: "pt", locale: "pt-BR", timeZone: "UTC", position: 1 },
      ])
      .execute();
    await db
      .insertInto("authors")
      .values([
        { id: 1, slug: "ana", name: "Ana", bio: "Old bio", createdAt: now },
        { id: 2, slug: "omar", name: "Omar", bio: null, createdAt: now },
      ])
      .execute();
    await db
      .insertInto("stories")
      .values([
        {
          id: 10,
          key: "a",
          originalEdition: "en",
          heroMediaId: null,
          sourceId: null,
          createdAt: now,
          updatedAt: now,
        },
        {
          id: 11,
          key: "b",
          originalEdition: "en",
          heroMediaId: null,
          sourceId: null,
          createdAt: now,
          updatedAt: now,
        },
      ])
      .execute();
    const article = (id: number, storyId: number, edition: string, authorId: number | null) => ({
      id,
      storyId,
      edition,
      authorId,
      title: "T",
      slug: `t-${id}`,
      summary: null,
      body: "{}",
      status: "draft" as const,
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
      revisionId: null,
      basedOnRevisionId: null,
    });
    // Story 10: Omar wrote the original, Ana the translation; story 11 has no byline.
    await db
      .insertInto("articles")
      .values([article(100, 10, "en", 2), article(101, 10, "pt", 1), article(102, 11, "en", null)])
      .execute();

    await authorProfiles.up(db as unknown as Kysely<unknown>, adapter);

    const bylines = await db
      .selectFrom("storyAuthors")
      .selectAll()
      .orderBy("storyId")
      .orderBy("position")
      .execute();
    assert.deepEqual(bylines, [
      { storyId: 10, authorId: 2, position: 0 },
      { storyId: 10, authorId: 1, position: 1 },
    ]);
    const ana = await db.selectFrom("authors").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
    assert.deepEqual([ana.bio, ana.links, ana.photoMediaId], ["Old bio", "[]", null]);
  } finally {
    await close();
  }
});
