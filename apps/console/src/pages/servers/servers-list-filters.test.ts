import { describe, expect, it } from "vitest";
import { isFiltered, toServerListQuery, yesNo } from "./servers-list-filters.js";

describe("the MCP servers list's URL filters", () => {
  it("send only true or false for a yes/no filter", () => {
    expect(yesNo("true")).toBe("true");
    expect(yesNo("false")).toBe("false");
    for (const v of ["", "TRUE", "1", "yes"]) expect(yesNo(v), v).toBeUndefined();
  });

  it("become the API's query, dropping empty and unknown values", () => {
    expect(toServerListQuery({ q: "", requireApproval: "", hasDefaultRole: "" })).toEqual({ q: undefined, requireApproval: undefined, hasDefaultRole: undefined });
    expect(toServerListQuery({ q: "docs", requireApproval: "true", hasDefaultRole: "false" })).toEqual({ q: "docs", requireApproval: "true", hasDefaultRole: "false" });
    expect(toServerListQuery({ q: "", requireApproval: "maybe", hasDefaultRole: "true" })).toEqual({ q: undefined, requireApproval: undefined, hasDefaultRole: "true" });
  });

  it("count as filtered when any is set", () => {
    expect(isFiltered({ q: "", requireApproval: "", hasDefaultRole: "" })).toBe(false);
    expect(isFiltered({ q: "", requireApproval: "", hasDefaultRole: "false" })).toBe(true);
  });
});
