import { describe, expect, it } from "vitest";
import cases from "../../test/fixtures/revocation-rule-cases.json" with { type: "json" };
import { ruleMatches, wireRule, type WireRule } from "./revocation-rule.js";

/** null in a case's token deletes the claim. */
const tokenOf = (override: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries({ ...cases.token, ...override }).filter(([, v]) => v !== null));

describe("ruleMatches, the revocation rule contract (same table as the SDK)", () => {
  it.each(cases.cases)("$name", (c) => {
    expect(ruleMatches(c.rule as WireRule, tokenOf((c as { token?: Record<string, unknown> }).token))).toBe(c.matches);
  });

  it("maps a stored row to the published rule, fields the row lacks left out", () => {
    expect(wireRule({ clientId: "c", subject: null, audience: "https://r.example/mcp", jti: null, grantId: null, revokedBefore: 7 }))
      .toEqual({ client_id: "c", aud: "https://r.example/mcp", revoked_before: 7 });
  });
});
