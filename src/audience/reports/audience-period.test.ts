import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allBuckets, bucketOf, hourKey, periodWindow } from "./audience-period.ts";

const EDITIONS = [
  { code: "en", timeZone: "Europe/London" },
  { code: "pt", timeZone: "America/Sao_Paulo" },
];

describe("audience periods", () => {
  test("a week is each edition's own seven days, up to the end of the hour under way", () => {
    // 01:30 UTC on the 7th: 22:30 on the 6th in São Paulo (UTC-3).
    const window = periodWindow("7d", EDITIONS, new Date("2025-12-07T01:30:00Z"));
    assert.equal(window.to, "2025-12-07T02:00:00Z");
    const [en, pt] = window.editions;
    assert.equal(en?.from, "2025-12-01T00:00:00Z");
    assert.equal(pt?.from, "2025-11-30T03:00:00Z");
    assert.deepEqual(
      [en?.buckets.at(0), en?.buckets.at(-1), en?.buckets.length],
      ["2025-12-01", "2025-12-07", 7],
    );
    assert.deepEqual(
      [pt?.buckets.at(0), pt?.buckets.at(-1), pt?.buckets.length],
      ["2025-11-30", "2025-12-06", 7],
    );
    assert.equal(allBuckets(window).length, 8);
    // The hour that starts pt's 6th, and the one before it, on either side of its midnight.
    assert.equal(bucketOf(window, "America/Sao_Paulo", "2025-12-06T03:00:00Z"), "2025-12-06");
    assert.equal(bucketOf(window, "America/Sao_Paulo", "2025-12-06T02:00:00Z"), "2025-12-05");
    assert.equal(bucketOf(window, "Europe/London", "2025-12-06T02:00:00Z"), "2025-12-06");
  });

  test("the last 24 hours are the same 24 UTC hours for every edition", () => {
    const window = periodWindow("24h", EDITIONS, new Date("2025-12-07T01:59:59.999Z"));
    assert.equal(window.unit, "hour");
    for (const edition of window.editions) {
      assert.equal(edition.buckets.length, 24);
      assert.equal(edition.from, "2025-12-06T02:00:00Z");
      assert.equal(edition.buckets.at(-1), "2025-12-07T01:00:00Z");
    }
    assert.equal(bucketOf(window, "America/Sao_Paulo", "2025-12-06T02:00:00Z"), "2025-12-06T02:00:00Z");
  });

  test("a month across a change of clocks keeps whole local days", () => {
    // London moves to summer time on 30 March 2025: its day starts an hour earlier in UTC after it.
    const window = periodWindow(
      "30d",
      [EDITIONS[0] ?? { code: "en", timeZone: "UTC" }],
      new Date("2025-04-10T12:00:00Z"),
    );
    const [en] = window.editions;
    assert.equal(en?.from, "2025-03-12T00:00:00Z");
    assert.equal(en?.buckets.length, 30);
    assert.equal(bucketOf(window, "Europe/London", "2025-03-30T23:00:00Z"), "2025-03-31");
    assert.equal(hourKey(Date.parse("2025-03-30T23:59:59Z")), "2025-03-30T23:00:00Z");
  });
});
