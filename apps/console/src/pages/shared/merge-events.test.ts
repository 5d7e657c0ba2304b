import { describe, expect, it } from "vitest";
import { mergeEvents } from "./merge-events.js";

describe("mergeEvents", () => {
  it("merges a record's own events with the changes made to it, newest first, once each", () => {
    const own = [{ id: "12" }, { id: "9" }, { id: "3" }];
    const changes = [{ id: "100" }, { id: "9" }, { id: "4" }];
    expect(mergeEvents([own, changes], 4).map((e) => e.id)).toEqual(["100", "12", "9", "4"]);
    expect(mergeEvents([[], []], 5)).toEqual([]);
  });
});
