import { describe, expect, it } from "vitest";
import { actorSteps, revokedBy } from "./actor-steps.js";

const base = { subject: null, actorChain: [], clientId: null, resource: null, tool: null, details: null };

describe("actor steps of an audit event", () => {
  it("a consent an administrator revoked: the user, the administrator and their client, the consented client", () => {
    const event = {
      ...base,
      type: "consent.revoked",
      subject: "user-1",
      clientId: "inspector",
      actorChain: ["admin-1", "toolgate-console"],
      resource: "https://research.example.com/mcp",
      details: { consent: "c1", grants: 1, revokedBy: "admin-1" },
    };
    expect(revokedBy(event)).toBe("admin-1");
    expect(actorSteps(event)).toEqual([
      { role: "User (whose consent)", value: "user-1", href: "/users/user-1" },
      { role: "Revoked by (administrator)", value: "admin-1", href: "/users/admin-1" },
      { role: "Through client", value: "toolgate-console", href: "/clients/toolgate-console" },
      { role: "Client (the consent is to)", value: "inspector", href: "/clients/inspector" },
      { role: "MCP server", value: "https://research.example.com/mcp", href: "/audit?resource=https%3A%2F%2Fresearch.example.com%2Fmcp" },
    ]);
  });

  it("a consent the user revoked themselves names no administrator", () => {
    const event = { ...base, type: "consent.revoked", subject: "user-1", clientId: "inspector", details: { consent: "c1", grants: 0 } };
    expect(revokedBy(event)).toBeUndefined();
    expect(actorSteps(event).map((s) => s.role)).toEqual(["User (whose consent)", "Client (the consent is to)"]);
  });

  it("a token exchanged for a user: subject, acting client, then the chain", () => {
    const event = { ...base, type: "token.exchanged", subject: "user-1", actorChain: ["mcp-server", "agent"] };
    expect(actorSteps(event).map((s) => [s.role, s.value])).toEqual([
      ["Subject (on whose behalf)", "user-1"],
      ["Acting client", "mcp-server"],
      ["Delegated through (2)", "agent"],
    ]);
  });

  it("an administrator's change names the administrator and the client they used", () => {
    const event = { ...base, type: "admin.client.updated", subject: "admin-1", clientId: "toolgate-console", details: { target: "x" } };
    expect(actorSteps(event).map((s) => [s.role, s.value])).toEqual([
      ["Administrator", "admin-1"],
      ["Through client", "toolgate-console"],
    ]);
  });
});
