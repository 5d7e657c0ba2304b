import { describe, expect, it } from "vitest";
import { evaluateSignIn, type SignInRuleValue } from "./sign-in-policy.js";

const rule = (kind: SignInRuleValue["kind"], value: string, providerId: string | null = null): SignInRuleValue => ({ kind, value, providerId });
const attempt = (email: string, extra: Partial<Parameters<typeof evaluateSignIn>[1]> = {}) => ({ email, isAdmin: false, ...extra });

describe("sign-in policy", () => {
  it("lets every account in when there are no rules", () => {
    expect(evaluateSignIn([], attempt("a@x.com")).allowed).toBe(true);
  });

  it("matches email domains exactly, not as a suffix of another domain", () => {
    const rules = [rule("email_domain", "company.com")];
    expect(evaluateSignIn(rules, attempt("ann@company.com")).allowed).toBe(true);
    expect(evaluateSignIn(rules, attempt("ANN@Company.COM")).allowed).toBe(true);
    expect(evaluateSignIn(rules, attempt("eve@evilcompany.com")).allowed).toBe(false);
    expect(evaluateSignIn(rules, attempt("eve@company.com.evil.io")).allowed).toBe(false);
    expect(evaluateSignIn([rule("email_domain", "@company.com")], attempt("ann@company.com")).allowed).toBe(true);
  });

  it("matches listed users by email or username, case-insensitively unless configured", () => {
    const rules = [rule("user", "Alice"), rule("user", "bob@example.com")];
    expect(evaluateSignIn(rules, attempt("a@x.com", { username: "alice" })).allowed).toBe(true);
    expect(evaluateSignIn(rules, attempt("BOB@example.com")).allowed).toBe(true);
    expect(evaluateSignIn(rules, attempt("a@x.com", { username: "alice" }), true).allowed).toBe(false);
    expect(evaluateSignIn(rules, attempt("carol@example.com")).allowed).toBe(false);
  });

  it("matches upstream groups, optionally from one provider only", () => {
    const rules = [rule("group", "mcp-users", "p1")];
    expect(evaluateSignIn(rules, attempt("a@x.com", { groups: ["mcp-users"], providerId: "p1" })).allowed).toBe(true);
    expect(evaluateSignIn(rules, attempt("a@x.com", { groups: ["mcp-users"], providerId: "p2" })).allowed).toBe(false);
    expect(evaluateSignIn(rules, attempt("a@x.com", { groups: [] , providerId: "p1" })).allowed).toBe(false);
    expect(evaluateSignIn([rule("group", "ops")], attempt("a@x.com", { groups: ["ops"], providerId: "p9" })).allowed).toBe(true);
  });

  it("never locks administrators out", () => {
    expect(evaluateSignIn([rule("email_domain", "company.com")], attempt("admin@elsewhere.org", { isAdmin: true })).allowed).toBe(true);
  });
});
