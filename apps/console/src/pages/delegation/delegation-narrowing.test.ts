import { describe, expect, it } from "vitest";
import { delegationNarrowing } from "./delegation-narrowing.js";

const now = Date.parse("2026-11-22T12:00:00Z");
const inHours = (h: number) => new Date(now + h * 3600_000).toISOString();

describe("delegation narrowing (when saving revokes the tokens it produced)", () => {
  it("removing a scope narrows; adding one, or going back to any scope, does not", () => {
    expect(delegationNarrowing({ scopes: ["a", "b"], expiresAt: null }, { scopes: ["a"], expiresAt: null }, now)).toEqual({ removedScopes: ["b"], limitedToChosen: false, endsSoon: false });
    expect(delegationNarrowing({ scopes: ["a"], expiresAt: null }, { scopes: ["a", "b"], expiresAt: null }, now)).toBeUndefined();
    expect(delegationNarrowing({ scopes: ["a"], expiresAt: null }, { scopes: [], expiresAt: null }, now)).toBeUndefined();
  });

  it("from whatever both may have to chosen scopes narrows", () => {
    expect(delegationNarrowing({ scopes: [], expiresAt: null }, { scopes: ["a"], expiresAt: null }, now)).toEqual({ removedScopes: [], limitedToChosen: true, endsSoon: false });
  });

  it("an earlier end narrows only when it comes before tokens issued now could expire (24 h)", () => {
    expect(delegationNarrowing({ scopes: [], expiresAt: null }, { scopes: [], expiresAt: inHours(2) }, now)?.endsSoon).toBe(true);
    expect(delegationNarrowing({ scopes: [], expiresAt: inHours(48) }, { scopes: [], expiresAt: inHours(23) }, now)?.endsSoon).toBe(true);
    expect(delegationNarrowing({ scopes: [], expiresAt: null }, { scopes: [], expiresAt: inHours(25) }, now)).toBeUndefined();
    expect(delegationNarrowing({ scopes: [], expiresAt: inHours(2) }, { scopes: [], expiresAt: inHours(3) }, now)).toBeUndefined();
    expect(delegationNarrowing({ scopes: [], expiresAt: inHours(2) }, { scopes: [], expiresAt: null }, now)).toBeUndefined();
  });
});
