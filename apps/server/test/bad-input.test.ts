import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient } from "./helpers/fixtures.js";
import { basicAuth } from "./helpers/oauth.js";

let server: TestServer;
let secret: string;
beforeAll(async () => {
  server = await startTestServer();
  secret = (await createClient(server.prisma, { id: "rs", confidential: true, grantTypes: ["client_credentials"], kind: "agent" })).clientSecret!;
});
afterAll(async () => {
  await server?.close();
});

interface Case {
  name: string;
  path: string;
  init: RequestInit;
  status: number;
  error?: string;
}

const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
/** Replaced by the real credentials when the request is made (they exist only after beforeAll). */
const AUTH = "<client credentials>";

describe("malformed requests get the spec's error, never a 500", () => {
  const cases = (): Case[] => [
    { name: "token: no body", path: "/token", init: { method: "POST", headers: formHeaders }, status: 400, error: "invalid_request" },
    { name: "token: JSON instead of a form", path: "/token", init: { method: "POST", headers: { "content-type": "application/json" }, body: '{"grant_type":"client_credentials"}' }, status: 400, error: "invalid_request" },
    { name: "token: broken JSON", path: "/token", init: { method: "POST", headers: { "content-type": "application/json" }, body: "{" }, status: 400, error: "invalid_request" },
    { name: "token: unknown grant", path: "/token", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH }, body: "grant_type=magic" }, status: 400, error: "unsupported_grant_type" },
    { name: "token: duplicated grant_type", path: "/token", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH }, body: "grant_type=client_credentials&grant_type=client_credentials" }, status: 400, error: "invalid_request" },
    { name: "token: garbage basic auth", path: "/token", init: { method: "POST", headers: { ...formHeaders, authorization: "Basic !!!" }, body: "grant_type=client_credentials" }, status: 400, error: "invalid_request" },
    { name: "token: huge body", path: "/token", init: { method: "POST", headers: formHeaders, body: `grant_type=client_credentials&x=${"a".repeat(100_000)}` }, status: 400, error: "invalid_request" },
    { name: "token: code grant without code", path: "/token", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH }, body: "grant_type=authorization_code" }, status: 400 },
    { name: "introspection: no token", path: "/token/introspection", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH } }, status: 400, error: "invalid_request" },
    { name: "introspection: forged JWT", path: "/token/introspection", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH }, body: "token=eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0." }, status: 200 },
    { name: "revocation: no token", path: "/token/revocation", init: { method: "POST", headers: { ...formHeaders, authorization: AUTH } }, status: 400, error: "invalid_request" },
    { name: "registration: not JSON", path: "/reg", init: { method: "POST", headers: formHeaders, body: "a=b" }, status: 400 },
    { name: "registration: JSON array", path: "/reg", init: { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }, status: 400, error: "invalid_request" },
    { name: "registration: broken JSON", path: "/reg", init: { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" }, status: 400, error: "invalid_request" },
    { name: "registration read: unknown client", path: "/reg/unknown", init: { headers: { authorization: "Bearer nothing" } }, status: 401, error: "invalid_token" },
    { name: "userinfo: no token", path: "/me", init: {}, status: 401, error: "invalid_token" },
    { name: "jwks: wrong method", path: "/jwks", init: { method: "POST" }, status: 404 },
  ];

  it.each(cases().map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const headers: Record<string, string> = { accept: "application/json", ...(c.init.headers as Record<string, string>) };
    if (headers.authorization === AUTH) headers.authorization = basicAuth("rs", secret);
    const res = await fetch(`${server.url}${c.path}`, { ...c.init, headers });
    expect(res.status).toBe(c.status);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/); // no stack traces
    if (c.error) expect(JSON.parse(text).error).toBe(c.error);
  });

  it("introspection of a forged token says inactive", async () => {
    const res = await fetch(`${server.url}/token/introspection`, {
      method: "POST",
      headers: { ...formHeaders, authorization: basicAuth("rs", secret) },
      body: "token=eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.",
    });
    expect(await res.json()).toEqual({ active: false });
  });

  it("the authorization endpoint answers an error page, never a 500", async () => {
    for (const query of ["", "?client_id=unknown", "?client_id=rs&response_type=token", "?response_type=code&client_id=rs&redirect_uri=javascript:alert(1)"]) {
      const res = await fetch(`${server.url}/auth${query}`, { redirect: "manual" });
      expect(res.status, query).toBeGreaterThanOrEqual(300);
      expect(res.status, query).toBeLessThan(500);
    }
  });

  it("interaction pages refuse unknown or tampered interaction ids with a clear page", async () => {
    const res = await fetch(`${server.url}/interaction/does-not-exist`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain("expired");
  });
});
