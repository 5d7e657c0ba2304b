import { describe, expect, it } from "vitest";
import { formatSeconds, relativeTime } from "./time.js";

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
});
