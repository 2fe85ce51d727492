import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isCalendarDate, isoToZonedLocal, zonedLocalToIso, zonedRange } from "./time-zone.ts";

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

describe("times typed in an edition's time zone", () => {
  test("reads a wall-clock time in the edition's zone, summer and winter", () => {
    assert.equal(zonedLocalToIso("at", "2026-07-01T09:30", "Europe/London"), "2026-07-01T08:30:00.000Z");
    assert.equal(zonedLocalToIso("at", "2026-12-01T09:30", "Europe/London"), "2026-12-01T09:30:00.000Z");
    assert.equal(zonedLocalToIso("at", "2026-12-01T09:30", "America/Sao_Paulo"), "2026-12-01T12:30:00.000Z");
    assert.equal(zonedLocalToIso("at", "2026-07-01T09:30", "Europe/Madrid"), "2026-07-01T07:30:00.000Z");
  });

  test("takes the time after the jump when the clock skips an hour", () => {
    // London skips 01:00–02:00 on 29 March 2026.
    assert.equal(zonedLocalToIso("at", "2026-03-29T01:30", "Europe/London"), "2026-03-29T01:30:00.000Z");
  });

  test("shows an instant as the field's value in the zone, and back", () => {
    assert.equal(isoToZonedLocal("2026-07-01T08:30:00.000Z", "Europe/London"), "2026-07-01T09:30");
    const iso = "2026-11-25T15:45:00.000Z";
    assert.equal(zonedLocalToIso("at", isoToZonedLocal(iso, "America/Sao_Paulo"), "America/Sao_Paulo"), iso);
  });

  test("refuses what is not a date and time, naming it", () => {
    assert.throws(
      () => zonedLocalToIso("at", "tomorrow", "Europe/London"),
      /"tomorrow" is not a date and time/,
    );
  });
});
