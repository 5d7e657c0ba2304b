import { describe, expect, it } from "vitest";
import { compileDenyRules } from "./deny-rules.js";

describe("compileDenyRules", () => {
  it("matches whole tool names with * and ?, case-sensitively", () => {
    const deny = compileDenyRules(["admin_*", "drop?", "a.b"]);
    expect(deny("admin_reset")).toBe("admin_*");
    expect(deny("admin_")).toBe("admin_*");
    expect(deny("Admin_reset")).toBeUndefined();
    expect(deny("my_admin_reset")).toBeUndefined();
    expect(deny("drops")).toBe("drop?");
    expect(deny("drop")).toBeUndefined();
    expect(deny("axb")).toBeUndefined();
  });
  it("refuses empty patterns", () => {
    expect(() => compileDenyRules([""])).toThrow(TypeError);
  });
});
