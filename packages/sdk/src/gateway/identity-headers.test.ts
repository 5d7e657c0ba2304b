import { describe, expect, it } from "vitest";
import type { ToolgateAuthInfo } from "../auth-info.js";
import { identityHeaders, upstreamRequestHeaders } from "./identity-headers.js";

const auth = (subject: string, clientId: string, actorChain: string[]): ToolgateAuthInfo => ({
  token: "secret-token",
  clientId,
  scopes: ["research:browse", "research:export"],
  expiresAt: 0,
  resource: new URL("http://127.0.0.1/mcp"),
  extra: { subject, actorChain, tokenId: "jti", issuer: "http://issuer" },
});

describe("identity headers", () => {
  it("carry subject, client, scopes and the actor chain (nearest first), space-separated", () => {
    expect(identityHeaders(auth("user-1", "https://app.example.com/client.json", ["mcp-server", "inspector"]))).toEqual({
      "x-toolgate-subject": "user-1",
      "x-toolgate-client-id": "https://app.example.com/client.json",
      "x-toolgate-scopes": "research:browse research:export",
      "x-toolgate-actor": "mcp-server inspector",
    });
  });

  it("percent-encode items that could not travel as is, reversibly", () => {
    const h = identityHeaders(auth("José Ø\r\nx-evil: 1", "100%", []));
    expect(h["x-toolgate-subject"]).toBe("Jos%C3%A9%20%C3%98%0D%0Ax-evil%3A%201");
    expect(decodeURIComponent(h["x-toolgate-subject"]!)).toBe("José Ø\r\nx-evil: 1");
    expect(decodeURIComponent(h["x-toolgate-client-id"]!)).toBe("100%");
    expect(h["x-toolgate-actor"]).toBe("");
  });

  it("forward only the allow-listed request headers: never Authorization, cookies or the client's x-toolgate-*", () => {
    const forwarded = upstreamRequestHeaders(
      {
        authorization: "Bearer secret-token",
        cookie: "a=b",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": "s1",
        "mcp-protocol-version": "2025-06-18",
        "last-event-id": "e1",
        "x-toolgate-subject": "admin",
        "x-forwarded-for": "1.2.3.4",
      },
      auth("user-1", "c1", []),
      true,
    );
    expect(forwarded).toEqual({
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": "s1",
      "mcp-protocol-version": "2025-06-18",
      "last-event-id": "e1",
      "x-toolgate-subject": "user-1",
      "x-toolgate-client-id": "c1",
      "x-toolgate-scopes": "research:browse research:export",
      "x-toolgate-actor": "",
    });
    expect(Object.keys(upstreamRequestHeaders({ "x-toolgate-subject": "admin" }, auth("u", "c", []), false))).toEqual([]);
  });
});
