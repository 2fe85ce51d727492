import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isoToZonedLocal, zonedLocalToIso } from "./zoned-time.ts";

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
