import assert from "node:assert/strict";
import { test } from "node:test";
import SQLite from "better-sqlite3";
import { withStatementCache } from "./sqlite-connect.ts";

test("statements are prepared once, the least recently used dropped, a busy one never shared", () => {
  const raw = new SQLite(":memory:");
  const database = withStatementCache(raw, 2);
  raw.exec("create table t (n integer); insert into t values (1), (2), (3)");
  const first = database.prepare("select n from t order by n");
  assert.equal(
    database.prepare("select n from t order by n"),
    first,
    "a repeated query reuses its statement",
  );
  assert.deepEqual(first.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);

  // While one copy is being iterated (a streamed query), another caller gets its own.
  const iterator = first.iterate([]);
  iterator.next();
  const second = database.prepare("select n from t order by n");
  assert.notEqual(second, first);
  assert.deepEqual(second.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  iterator.return?.();

  const one = database.prepare("select 1");
  database.prepare("select n from t order by n");
  database.prepare("select 2");
  assert.equal(database.prepare("select n from t order by n"), first, "the recently used one stayed");
  assert.notEqual(database.prepare("select 1"), one, "the least recently used one went");
  database.close();
});
