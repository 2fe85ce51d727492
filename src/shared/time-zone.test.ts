import assert from "node:assert/strict";
import { test } from "node:test";
import { isCalendarDate, zonedRange } from "./time-zone.ts";

test("a São Paulo day runs from 03:00 UTC to 03:00 UTC the next day", () => {
  assert.deepEqual(zonedRange("America/Sao_Paulo", 2026, 3, 4), [
    "2026-03-04T03:00:00.000Z",
    "2026-03-05T03:00:00.000Z",
  ]);
});

test("a London day across the spring clock change is 23 hours long", () => {
  assert.deepEqual(zonedRange("Europe/London", 2026, 3, 29), [
    "2026-03-29T00:00:00.000Z",
    "2026-03-29T23:00:00.000Z",
  ]);
});

test("a Madrid month starts at local midnight, in winter and in summer time", () => {
  assert.deepEqual(zonedRange("Europe/Madrid", 2026, 3), [
    "2026-02-28T23:00:00.000Z",
    "2026-03-31T22:00:00.000Z",
  ]);
  assert.deepEqual(zonedRange("Europe/Madrid", 2026, 12), [
    "2026-11-30T23:00:00.000Z",
    "2026-12-31T23:00:00.000Z",
  ]);
});

test("the last day of a month ends at the first of the next", () => {
  assert.deepEqual(zonedRange("UTC", 2026, 12, 31), ["2026-12-31T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
});

test("recognises real calendar dates only", () => {
  assert.equal(isCalendarDate(2024, 2, 29), true);
  assert.equal(isCalendarDate(2026, 2, 29), false);
  assert.equal(isCalendarDate(2026, 13, 1), false);
  assert.equal(isCalendarDate(2026, 4, 31), false);
});
