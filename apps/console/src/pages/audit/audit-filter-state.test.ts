import { describe, expect, it } from "vitest";
import { activeFilterCount, mergeNewest, toAuditFilter, type AuditFilterValues } from "./audit-filter-state.js";

const empty: AuditFilterValues = { from: "", to: "", type: "", subject: "", clientId: "", resource: "", tool: "", decision: "", target: "" };

describe("audit filters", () => {
  it("send only what is set, times as ISO timestamps", () => {
    const f = toAuditFilter({ ...empty, type: " token.* ", decision: "deny", from: "2026-11-21T10:00" });
    expect(f.type).toBe("token.*");
    expect(f.decision).toBe("deny");
    expect(f.from).toMatch(/^2026-11-2\dT\d\d:00:00\.000Z$/);
    expect(f.subject).toBeUndefined();
    expect(toAuditFilter({ ...empty, decision: "maybe", to: "garbage" })).toEqual(toAuditFilter(empty));
    expect(activeFilterCount({ ...empty, tool: "purge", decision: "deny" })).toBe(2);
    expect(toAuditFilter({ ...empty, target: " c-1 " }).target).toBe("c-1");
  });
  it("merge tail events newest first without duplicates", () => {
    const merged = mergeNewest([{ id: "5" }, { id: "4" }], [{ id: "5" }, { id: "6" }, { id: "10" }]);
    expect(merged.map((e) => e.id)).toEqual(["10", "6", "5", "4"]);
  });
});
