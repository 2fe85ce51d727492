import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sql } from "kysely";
import { testDatabases } from "../../test/support/databases.ts";
import { planCopyOrder, type TableShape } from "./table-catalogue.ts";
import { TableChecksum, tablePrints } from "./table-checksum.ts";

function printOf(rows: readonly Record<string, unknown>[]): string {
  const checksum = new TableChecksum();
  for (const row of rows) checksum.add(row);
  return `${checksum.print.rows}:${checksum.print.checksum}`;
}

describe("a table's checksum", () => {
  const first = { id: 1, title: "Kirkuk", hidden: 0, note: null };
  const second = { id: 2, title: "Erbil", hidden: 1, note: "" };
  const rows = [first, second];

  test("is the same whatever order the rows and their columns come in", () => {
    const reordered = [
      { note: "", hidden: 1, title: "Erbil", id: 2 },
      { title: "Kirkuk", note: null, id: 1, hidden: 0 },
    ];
    assert.equal(printOf(reordered), printOf(rows));
  });

  test("reads a boolean as the 0 or 1 both dialects store, and a big integer as its decimal", () => {
    assert.equal(
      printOf([
        { id: 1n, title: "Kirkuk", hidden: false, note: null },
        { id: 2, title: "Erbil", hidden: true, note: "" },
      ]),
      printOf(rows),
    );
  });

  test("changes when one value of one row changes, or a null becomes an empty text", () => {
    assert.notEqual(printOf([first, { ...second, title: "Erbil." }]), printOf(rows));
    assert.notEqual(printOf([first, { ...second, note: null }]), printOf(rows));
    assert.notEqual(printOf([first, { ...second, id: "2" }]), printOf(rows), "a number is not its text");
  });

  test("counts a row that appears twice", () => {
    assert.notEqual(printOf([...rows, first]), printOf(rows));
  });
});

describe("tablePrints", () => {
  test("are equal for the same rows in SQLite and PostgreSQL, and catch a tampered row", async () => {
    const prints: string[] = [];
    for (const database of testDatabases()) {
      const handle = await database.open();
      try {
        for (const id of [3, 1, 2]) {
          await handle.db
            .insertInto("sources")
            .values({ id, name: `Source ${id}`, shortName: id === 2 ? null : `S${id}`, url: null })
            .execute();
        }
        const print = (await tablePrints(handle, ["sources"])).sources;
        assert.equal(print?.rows, 3);
        prints.push(JSON.stringify(print));
        await sql`update sources set name = 'Source 2.' where id = 2`.execute(handle.db);
        assert.notDeepEqual(
          (await tablePrints(handle, ["sources"])).sources,
          print,
          `${database.name}: tampered`,
        );
      } finally {
        await handle.close();
      }
    }
    assert.equal(new Set(prints).size, 1, "one print on every dialect");
  });
});

describe("planCopyOrder", () => {
  const shape = (name: string, references: [string, string][]): TableShape => ({
    name,
    columns: [],
    primaryKey: ["id"],
    references: references.map(([column, table]) => ({ column, table })),
  });

  test("puts every table after those it refers to, and defers the references that close a cycle", () => {
    const plan = planCopyOrder([
      shape("articles", [["story_id", "stories"]]),
      shape("authors", [["photo_media_id", "media"]]),
      shape("comments", [
        ["parent_id", "comments"],
        ["article_id", "articles"],
      ]),
      shape("media", [["uploaded_by_user_id", "users"]]),
      shape("stories", []),
      shape("users", [["author_id", "authors"]]),
    ]);
    const position = (table: string) => plan.order.indexOf(table);
    assert.ok(position("stories") < position("articles"));
    assert.ok(position("articles") < position("comments"));
    assert.deepEqual(plan.deferred.get("comments"), ["parent_id"]);
    const cycle = [...plan.deferred].filter(([table]) => ["authors", "media", "users"].includes(table));
    assert.equal(cycle.length, 1, "one reference of the users → authors → media cycle is deferred");
    assert.equal(plan.order.length, 6);
  });
});
