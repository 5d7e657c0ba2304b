import { describe, expect, it } from "vitest";
import { fillDays, niceMax, sum } from "./chart-data.js";

describe("chart data", () => {
  it("fills missing days with zero, oldest first", () => {
    const filled = fillDays([{ day: "2026-11-20", count: 4 }], 3, new Date("2026-11-21T10:00:00Z"));
    expect(filled).toEqual([
      { day: "2026-11-19", count: 0 },
      { day: "2026-11-20", count: 4 },
      { day: "2026-11-21", count: 0 },
    ]);
    expect(sum(filled)).toBe(4);
  });
  it("rounds the axis up to 1, 2 or 5 × 10^n", () => {
    expect([0, 1, 3, 7, 12, 48, 51, 999].map(niceMax)).toEqual([1, 1, 5, 10, 20, 50, 100, 1000]);
  });
});
