import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testDatabases } from "../../test/support/databases.ts";
import type { Db } from "./database.ts";
import { preparedQuery } from "./prepared-query.ts";

const editionsNamed = preparedQuery((db: Db, codes: readonly string[], prefix: string, limit: number) =>
  db
    .selectFrom("editions")
    .select(["code", "locale"])
    .where("code", "in", codes)
    .where("locale", "like", prefix)
    .orderBy("code")
    .limit(limit),
);

for (const database of testDatabases()) {
  describe(`queries compiled once on ${database.name}`, () => {
    let handle: TestDatabaseHandle;
    before(async () => {
      handle = await database.open();
    });
    after(() => handle.close());

    test("run with new values, lists of any length, as Kysely would, camelCase results included", async () => {
      const db = handle.db;
      const plain = (codes: string[], prefix: string, limit: number) =>
        db
          .selectFrom("editions")
          .select(["code", "locale"])
          .where("code", "in", codes)
          .where("locale", "like", prefix)
          .orderBy("code")
          .limit(limit)
          .execute();
      const cases: [string[], string, number][] = [
        [["en", "pt"], "%", 10],
        [["es", "pt"], "pt%", 10],
        [["es", "pt", "en"], "%", 2],
        [["es"], "%", 5],
        [["en", "pt"], "es%", 10],
      ];
      for (const [codes, prefix, limit] of cases) {
        const expected = await plain(codes, prefix, limit);
        assert.deepEqual(await editionsNamed(db, codes, prefix, limit), expected);
      }
      assert.equal((await editionsNamed(db, ["es", "pt", "en"], "%", 2)).length, 2);
      assert.deepEqual(
        (await editionsNamed(db, ["es", "pt"], "%", 10)).map((row) => row.code),
        ["es", "pt"],
      );
    });

    test("refuses a builder that uses an argument other than as a value", async () => {
      const computed = preparedQuery((db: Db, code: string) =>
        db
          .selectFrom("editions")
          .select("code")
          .where("code", "=", code.length > 2 ? "en" : "pt"),
      );
      await assert.rejects(computed(handle.db, "en"), /every argument must reach the query as a value/);
    });
  });
}
