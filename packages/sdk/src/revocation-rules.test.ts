import { describe, expect, it } from "vitest";
import cases from "../../../apps/server/test/fixtures/revocation-rule-cases.json" with { type: "json" };
import { isRevocationRule, RevocationIndex, ruleMatches, type RevocationRule } from "./revocation-rules.js";

const rule = (r: Partial<RevocationRule>): RevocationRule => ({ id: "1", revoked_before: 100, expires_at: 1000, ...r });
const token = { client_id: "c", sub: "u", aud: "https://r/mcp", jti: "j", grant_id: "g", iat: 100 };

const tokenOf = (override: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries({ ...cases.token, ...override }).filter(([, v]) => v !== null));

describe("ruleMatches, the revocation rule contract (same table as the server)", () => {
  it.each(cases.cases)("$name", (c) => {
    expect(ruleMatches({ id: "1", expires_at: 1, ...c.rule } as RevocationRule, tokenOf((c as { token?: Record<string, unknown> }).token))).toBe(c.matches);
  });
  it.each(cases.cases.filter((c) => c.matches))("the index finds what the predicate matches: $name", (c) => {
    const index = new RevocationIndex();
    index.add({ id: "1", expires_at: 1, ...c.rule } as RevocationRule);
    expect(index.match(tokenOf((c as { token?: Record<string, unknown> }).token))?.id).toBe("1");
  });
});

describe("ruleMatches (docs/resource-server-api.md)", () => {
  it("needs every field of the rule to equal the claim, and iat ≤ revoked_before", () => {
    expect(ruleMatches(rule({ client_id: "c" }), token)).toBe(true);
    expect(ruleMatches(rule({ client_id: "c", sub: "u" }), token)).toBe(true);
    expect(ruleMatches(rule({ client_id: "c", sub: "other" }), token)).toBe(false);
    expect(ruleMatches(rule({ client_id: "c", revoked_before: 99 }), token)).toBe(false);
    expect(ruleMatches(rule({ aud: "https://r/mcp" }), token)).toBe(true);
    expect(ruleMatches(rule({ aud: "https://r/mcp" }), { ...token, aud: ["x", "https://r/mcp"] })).toBe(true);
    expect(ruleMatches(rule({ grant_id: "g" }), { ...token, iat: undefined })).toBe(false);
  });
  it("recognises well-formed rules only", () => {
    expect(isRevocationRule(rule({ jti: "j" }))).toBe(true);
    expect(isRevocationRule(rule({}))).toBe(false);
    expect(isRevocationRule({ ...rule({ sub: "u" }), revoked_before: "1" })).toBe(false);
    expect(isRevocationRule({ ...rule({}), sub: 5 })).toBe(false);
  });
});

describe("RevocationIndex", () => {
  it("finds a matching rule by any field, dedupes by id, and forgets expired rules", () => {
    const index = new RevocationIndex();
    index.add(rule({ id: "1", client_id: "c", expires_at: 500 }));
    index.add(rule({ id: "1", client_id: "c", expires_at: 500 }));
    index.add(rule({ id: "2", sub: "u", grant_id: "other", expires_at: 2000 }));
    index.add(rule({ id: "3", aud: "https://r/mcp", revoked_before: 50, expires_at: 2000 }));
    expect(index.size).toBe(3);
    expect(index.match(token)?.id).toBe("1");
    expect(index.match({ ...token, client_id: "d" })).toBeUndefined();
    expect(index.match({ ...token, client_id: "d", iat: 40 })?.id).toBe("3");
    index.prune(600);
    expect(index.size).toBe(2);
    expect(index.match(token)).toBeUndefined();
  });
});
