import { describe, expect, it } from "vitest";
import { formatDuration, formatSeconds, relativeTime } from "./time.js";

describe("time formatting", () => {
  const now = Date.parse("2026-11-21T12:00:00Z");
  it("says how long ago", () => {
    expect(relativeTime(null, now)).toBe("never");
    expect(relativeTime("2026-11-21T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-11-21T11:30:00Z", now)).toBe("30 min ago");
    expect(relativeTime("2026-11-21T09:00:00Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-11-19T12:00:00Z", now)).toBe("2 days ago");
    expect(relativeTime("2026-01-01T00:00:00Z", now)).toBe("2026-01-01");
  });
  it("formats token lifetimes", () => {
    expect(formatSeconds(300)).toBe("5 min");
    expect(formatSeconds(7200)).toBe("2 h");
    expect(formatSeconds(90)).toBe("90 s");
  });
  it("says configured durations in words", () => {
    expect(formatDuration(14 * 86_400)).toBe("14 days");
    expect(formatDuration(86_400)).toBe("1 day");
    expect(formatDuration(8 * 3600)).toBe("8 hours");
    expect(formatDuration(90 * 60)).toBe("90 minutes");
    expect(formatDuration(1)).toBe("1 second");
    expect(formatDuration(100_000)).toBe("100000 seconds");
  });
});
