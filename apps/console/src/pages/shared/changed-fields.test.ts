import { describe, expect, it } from "vitest";
import { changedFields } from "./changed-fields.js";

describe("changedFields", () => {
  it("keeps only what changed, arrays compared by value", () => {
    expect(changedFields({ name: "a", ttl: 300, uris: ["x"] }, { name: "a", ttl: 600, uris: ["x"] })).toEqual({ ttl: 600 });
    expect(changedFields({ uris: ["x"] }, { uris: ["x", "y"] })).toEqual({ uris: ["x", "y"] });
  });
});
