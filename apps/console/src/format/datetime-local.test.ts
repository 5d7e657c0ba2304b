import { describe, expect, it } from "vitest";
import { fromDateTimeLocal, toDateTimeLocal } from "./datetime-local.js";

describe("datetime-local values", () => {
  it("go to the minute in local time and back", () => {
    const local = toDateTimeLocal("2026-11-22T14:05:37.120Z");
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    // Whatever the time zone, the same instant comes back, without its seconds.
    expect(fromDateTimeLocal(local)).toBe(new Date(new Date("2026-11-22T14:05:37.120Z").setSeconds(0, 0)).toISOString());
  });
  it("empty means no end; an unreadable value is left for the schema to refuse", () => {
    expect(toDateTimeLocal(null)).toBe("");
    expect(fromDateTimeLocal("")).toBeNull();
    expect(fromDateTimeLocal("soon")).toBe("soon");
  });
});
