import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, basicAuth, decodeJwt, pkce } from "./helpers/oauth.js";

/**
 * Requests without `resource` (RFC 8707): the audience is implied when every requested scope
 * belongs to one MCP server, or taken from the default resource an admin picked; otherwise
 * invalid_target. Requests naming several resources are refused with invalid_target.
 */
const A = "https://a.example.com/mcp";
const B = "https://b.example.com/mcp";
const C = "https://c.example.com/mcp";
const D = "https://d.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const user = { email: "resolver@example.com", password: "resolver-password" };

let server: TestServer;
let api: AdminApi;
let serverB: { id: string };
let serverC: { id: string };
let agentSecret: string;
let exchangerSecret: string;

beforeAll(async () => {
  ({ server, api } = await startWithAdminApi());
  const a = await createServerWithScopes(server.prisma, { resourceUri: A, scopes: ["a:read", "a:write"] });
  serverB = await createServerWithScopes(server.prisma, { resourceUri: B, scopes: ["b:read"] });
  const c = await createServerWithScopes(server.prisma, { resourceUri: C, scopes: ["shared:read"] });
  serverC = c;
  const d = await createServerWithScopes(server.prisma, { resourceUri: D, scopes: ["shared:read"] });
  const all = await createRole(server.prisma, "everything", [...a.scopes, ...(await server.prisma.scope.findMany({ where: { serverId: { in: [serverB.id, c.id, d.id] } } }))].map((s) => s.id));
  await createClient(server.prisma, { id: "app", roleIds: [all.id] });
  agentSecret = (await createClient(server.prisma, { id: "agent", kind: "agent", confidential: true, grantTypes: ["client_credentials"], roleIds: [all.id] })).clientSecret!;
  exchangerSecret = (await createClient(server.prisma, { id: "exchanger", confidential: true, grantTypes: [EXCHANGE], roleIds: [all.id] })).clientSecret!;
  await createUser(server.prisma, { ...user, roleIds: [all.id] });
});
afterAll(async () => {
  await server?.close();
});

const setDefault = (id: string | null) => api.patch("/settings", { defaultResourceServerId: id });

/** An authorization request as a browser sends it, without following it past Toolgate's answer. */
async function authRequest(params: URLSearchParams) {
  for (const [k, v] of Object.entries({ client_id: "app", redirect_uri: REDIRECT, response_type: "code", code_challenge: pkce().challenge, code_challenge_method: "S256", state: "s1" })) {
    params.set(k, v);
  }
  const res = await fetch(`${server.url}/auth?${params}`, { redirect: "manual" });
  return new URL(res.headers.get("location") ?? "about:blank", server.url);
}

async function tokenWith(params: URLSearchParams, auth?: string) {
  const res = await fetch(`${server.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(auth ? { authorization: auth } : {}) },
    body: params,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function codeFlowAudience(scope: string | undefined) {
  const flow = await authorize(server.url, { clientId: "app", redirectUri: REDIRECT, scope, user, consent: "approve" });
  const code = flow.callback.searchParams.get("code");
  if (!code) return { error: flow.callback.searchParams.get("error"), description: flow.callback.searchParams.get("error_description"), iss: flow.callback.searchParams.get("iss") };
  const token = await tokenWith(new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "app" }));
  expect(token.status, JSON.stringify(token.body)).toBe(200);
  const accessToken = String(token.body.access_token);
  // Opaque: an OpenID Connect sign-in's token, good at the userinfo endpoint only.
  return { aud: accessToken.split(".").length === 3 ? decodeJwt(accessToken).payload.aud : undefined, scope: token.body.scope };
}

const clientCredentials = (scope: string | undefined, resources: string[] = []) => {
  const params = new URLSearchParams({ grant_type: "client_credentials", ...(scope ? { scope } : {}) });
  for (const r of resources) params.append("resource", r);
  return tokenWith(params, basicAuth("agent", agentSecret));
};

describe("a request without resource", () => {
  it.each([
    ["scopes of one server", "a:read", A],
    ["all of that server's scopes named", "a:read a:write", A],
    ["with OpenID scopes beside them", "openid a:read", A],
  ])("gets the audience its scopes imply: %s (authorization code and client_credentials)", async (_name, scope, audience) => {
    expect((await codeFlowAudience(scope)).aud).toBe(audience);
    const cc = await clientCredentials(scope);
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);
    expect(decodeJwt(String(cc.body.access_token)).payload.aud).toBe(audience);
  });

  it.each([
    ["scopes of two servers", "a:read b:read", /belong to different MCP servers \(https:\/\/a\.example\.com\/mcp, https:\/\/b\.example\.com\/mcp\)/],
    ["a scope two servers define", "shared:read", /belong to different MCP servers/],
    ["no scope at all", undefined, /resource parameter is required/],
    ["a scope no server has", "nobody:read", /resource parameter is required/],
  ])("is invalid_target when ambiguous and no default is set: %s", async (_name, scope, reason) => {
    const auth = await codeFlowAudience(scope);
    expect(auth.error).toBe("invalid_target");
    expect(auth.description).toMatch(reason);
    expect(auth.iss).toBe(server.url);
    const cc = await clientCredentials(scope);
    expect(cc.status).toBe(400);
    expect(cc.body.error).toBe("invalid_target");
    expect(String(cc.body.error_description)).toMatch(reason);
  });

  it("takes the admin's default resource when the scopes do not say, never when they span servers", async () => {
    expect((await setDefault(serverB.id)).body.defaultResourceServerId).toBe(serverB.id);
    try {
      expect((await codeFlowAudience(undefined)).aud).toBe(B);
      expect(decodeJwt(String((await clientCredentials(undefined)).body.access_token)).payload.aud).toBe(B);
      // Scopes still win over the default.
      expect(decodeJwt(String((await clientCredentials("a:read")).body.access_token)).payload.aud).toBe(A);
      // Spanning servers is never resolved by a default.
      expect((await clientCredentials("a:read b:read")).body.error).toBe("invalid_target");
      expect((await codeFlowAudience("a:read b:read")).error).toBe("invalid_target");
      // Only OpenID scopes: a sign-in, no MCP server involved.
      expect((await codeFlowAudience("openid")).aud).toBeUndefined();
    } finally {
      await setDefault(null);
    }
  });

  it("lets the default decide between servers that define the same scope names, when it is one of them", async () => {
    await setDefault(serverC.id);
    try {
      expect(decodeJwt(String((await clientCredentials("shared:read")).body.access_token)).payload.aud).toBe(C);
    } finally {
      await setDefault(serverB.id);
    }
    try {
      expect((await clientCredentials("shared:read")).body.error).toBe("invalid_target");
    } finally {
      await setDefault(null);
    }
  });

  it("settings refuse an unknown server and forget a deleted one", async () => {
    const unknown = await setDefault("0190a0a0-0000-7000-8000-000000000000");
    expect(unknown.status).toBe(400);
    const temp = await createServerWithScopes(server.prisma, { resourceUri: "https://temp.example.com/mcp", scopes: ["temp:read"] });
    expect((await setDefault(temp.id)).body.defaultResourceServerId).toBe(temp.id);
    await server.prisma.mcpServer.delete({ where: { id: temp.id } });
    expect((await api.get("/settings")).body.defaultResourceServerId).toBeNull();
    expect((await clientCredentials(undefined)).body.error).toBe("invalid_target");
    await setDefault(null);
  });
});

describe("a request naming several resources", () => {
  it.each([
    ["two servers", [A, B]],
    ["the same one twice", [A, A]],
  ])("is refused at /auth with invalid_target and iss, before any sign-in or consent: %s", async (_name, resources) => {
    const params = new URLSearchParams({ scope: "a:read b:read" });
    for (const r of resources) params.append("resource", r);
    const callback = await authRequest(params);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get("error")).toBe("invalid_target");
    expect(callback.searchParams.get("error_description")).toMatch(/only one resource/);
    expect(callback.searchParams.get("iss")).toBe(server.url);
    expect(callback.searchParams.get("state")).toBe("s1");
  });

  it("is refused at /token: client_credentials, authorization_code and token exchange", async () => {
    const cc = await clientCredentials("a:read", [A, B]);
    expect(cc.status).toBe(400);
    expect(cc.body.error).toBe("invalid_target");

    const flow = await authorize(server.url, { clientId: "app", redirectUri: REDIRECT, scope: "a:read", resource: A, user, consent: "approve" });
    const code = new URLSearchParams({ grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "app" });
    code.append("resource", A);
    code.append("resource", B);
    const redeemed = await tokenWith(code);
    expect(redeemed.status).toBe(400);
    expect(redeemed.body.error).toBe("invalid_target");

    const exchange = new URLSearchParams({ grant_type: EXCHANGE, subject_token: "x", subject_token_type: "urn:ietf:params:oauth:token-type:access_token" });
    exchange.append("resource", A);
    exchange.append("resource", B);
    const exchanged = await tokenWith(exchange, basicAuth("exchanger", exchangerSecret));
    expect(exchanged.status).toBe(400);
    expect(exchanged.body.error).toBe("invalid_target");
    expect(String(exchanged.body.error_description)).toMatch(/only one resource/);
  });
});
