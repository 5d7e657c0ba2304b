import { describe, expect, it } from "vitest";
import { createToolgate } from "./toolgate.js";
import type { ToolgateOptions } from "./options.js";

/** No network: tools declared in code, no revocation, no audit (the PRM and the policy are pure). */
const offline = (options: Partial<ToolgateOptions>) =>
  createToolgate({ issuer: "https://toolgate.example", resource: "https://mcp.example/mcp", revocation: "none", audit: false, fetchMetadata: false, onError: () => {}, ...options } as ToolgateOptions);

const TOOLS = {
  search: { scope: "files:read", readOnly: true },
  fetch: { scope: "files:read", readOnly: true },
  write: { scope: "files:write" },
  purge: { scope: "files:admin" },
};

describe("scopes the resource server advertises (MCP 2026-07-28 §Scope Selection Strategy)", () => {
  it("lists the read-only tools' scopes as scopes_supported: the minimal set for basic use", () => {
    expect(offline({ tools: TOOLS }).protectedResourceMetadata().scopes_supported).toEqual(["files:read"]);
  });
  it("falls back to every scope when no tool is read-only, and takes the option over both", () => {
    const noReadOnly = Object.fromEntries(Object.entries(TOOLS).map(([n, t]) => [n, { scope: t.scope }]));
    expect(offline({ tools: noReadOnly }).protectedResourceMetadata().scopes_supported).toEqual(["files:admin", "files:read", "files:write"]);
    expect(offline({ tools: TOOLS, scopesSupported: ["files:write"] }).protectedResourceMetadata().scopes_supported).toEqual(["files:write"]);
  });
  it("never lists offline_access, in the PRM or in a challenge", () => {
    const toolgate = offline({ tools: { ...TOOLS, sync: { scope: "offline_access", readOnly: true } }, scopesSupported: undefined });
    expect(toolgate.protectedResourceMetadata().scopes_supported).toEqual(["files:read"]);
    expect(offline({ tools: TOOLS, scopesSupported: ["offline_access", "files:read"] }).protectedResourceMetadata().scopes_supported).toEqual(["files:read"]);
    const refusal = toolgate.checkToolCall({ token: "t", clientId: "c", scopes: ["files:read", "offline_access"] }, "write", {});
    expect(refusal).toMatchObject({ code: "insufficient_scope", scope: ["files:read", "files:write"] });
  });
});
