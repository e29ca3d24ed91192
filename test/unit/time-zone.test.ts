import { describe, expect, it } from "vitest";
import { formatDateTime, isTimeZone } from "../../src/domain/time/time-zone.js";

describe("formatDateTime", () => {
  it.each([
    ["2026-11-25T21:03:07.999Z", "UTC", "2026-11-25 21:03:07 UTC"],
    ["2026-03-29T00:59:59Z", "Europe/Berlin", "2026-03-29 01:59:59 +01:00"],
    ["2026-03-29T01:00:00Z", "Europe/Berlin", "2026-03-29 03:00:00 +02:00"],
    ["2026-11-25T04:30:00Z", "America/St_Johns", "2026-11-25 01:00:00 -03:30"],
    ["2026-11-25T23:30:00Z", "Asia/Kolkata", "2026-11-26 05:00:00 +05:30"],
    ["1969-12-31T23:59:59Z", "UTC", "1969-12-31 23:59:59 UTC"],
  ])("%s in %s is %s (date always written, DST and half-hour zones right)", (iso, zone, expected) => {
    expect(formatDateTime(new Date(iso), zone)).toBe(expected);
  });

  it("knows IANA zones", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
