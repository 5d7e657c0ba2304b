import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, basicAuth, decodeJwt, expectOAuthError, pkce, tokenRequest, json, introspect as introspectAt } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

const RESOURCE = "https://research.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const INCREMENTAL_REDIRECT = "https://incremental.example.com/cb";
const alice = { email: "alice@example.com", password: "alice-password-123" };

let server: TestServer;
let userId: string;

beforeAll(async () => {
  server = await startTestServer();
  const { prisma } = server;
  const research = await createServerWithScopes(prisma, {
    resourceUri: RESOURCE,
    scopes: ["research:browse", "research:export", "research:purge"],
  });
  const id = (name: string) => research.scopes.find((s) => s.name === name)!.id;
  const analyst = await createRole(prisma, "analyst", [id("research:browse"), id("research:export")]);
  const everything = await createRole(prisma, "everything", research.scopes.map((s) => s.id));
  await createClient(prisma, { id: "inspector", roleIds: [analyst.id] });
  // An https redirect: loopback clients see the consent page every time (consent-once.test.ts).
  await createClient(prisma, { id: "incremental", roleIds: [analyst.id], redirectUris: [INCREMENTAL_REDIRECT] });
  await createClient(prisma, { id: "native-app", roleIds: [analyst.id], redirectUris: ["http://127.0.0.1/callback"], applicationType: "native" });
  await createClient(prisma, { id: "confidential-web", confidential: true, roleIds: [analyst.id], redirectUris: ["https://app.example.com/cb"] });
  userId = (await createUser(prisma, { ...alice, roleIds: [everything.id] })).id;
});

afterAll(async () => {
  await server?.close();
});

async function codeFlow(options: { scope?: string; resource?: string; clientId?: string; redirectUri?: string; jar?: CookieJar } = {}) {
  const result = await authorize(server.url, {
    clientId: options.clientId ?? "inspector",
    redirectUri: options.redirectUri ?? REDIRECT,
    resource: "resource" in options ? options.resource : RESOURCE,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    user: alice,
    jar: options.jar,
  });
  return result;
}

async function exchange(code: string, verifier: string, extra: Record<string, string> = {}) {
  return tokenRequest(server.url, {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: "inspector",
    resource: RESOURCE,
    ...extra,
  });
}

describe("authorization code flow with PKCE", () => {
  it("issues an audience-bound JWT access token (RFC 9068) after sign-in and consent", async () => {
    const flow = await codeFlow({ scope: "research:browse research:export" });
    expect(flow.consentShown).toBe(true);
    expect(flow.callback.searchParams.get("iss")).toBe(server.url);
    const code = flow.callback.searchParams.get("code")!;
    expect(code).toBeTruthy();

    const token = await exchange(code, flow.verifier);
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe("Bearer");
    expect(token.body.refresh_token).toBeTypeOf("string");
    expect(token.body.scope).toBe("research:browse research:export");

    const jwks = createRemoteJWKSet(new URL(`${server.url}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(String(token.body.access_token), jwks, {
      issuer: server.url,
      audience: RESOURCE,
      typ: "at+jwt",
    });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({
      iss: server.url,
      aud: RESOURCE,
      sub: userId,
      client_id: "inspector",
      scope: "research:browse research:export",
      act: { sub: "inspector" },
    });
    expect(payload.jti).toBeTypeOf("string");
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it("grants only what both the client's and the user's roles allow", async () => {
    const flow = await codeFlow({ scope: "research:browse research:purge" });
    const token = await exchange(flow.callback.searchParams.get("code")!, flow.verifier);
    expect(token.body.scope).toBe("research:browse");
  });

  it("grants the scopes the parties may have when the request names none", async () => {
    const flow = await codeFlow({});
    const token = await exchange(flow.callback.searchParams.get("code")!, flow.verifier);
    expect(String(token.body.scope).split(" ").sort()).toEqual(["research:browse", "research:export"]);
  });

  it("answers invalid_scope when only ungrantable scopes are requested", async () => {
    const flow = await codeFlow({ scope: "research:purge" });
    expect(flow.callback.searchParams.get("error")).toBe("invalid_scope");
  });

  it("skips the consent page when the same scopes were approved before, and asks again for more", async () => {
    const jar = new CookieJar();
    const first = await codeFlow({ clientId: "incremental", redirectUri: INCREMENTAL_REDIRECT, scope: "research:browse", jar });
    expect(first.consentShown).toBe(true);
    expect(first.callback.searchParams.get("code")).toBeTruthy();
    const again = await codeFlow({ clientId: "incremental", redirectUri: INCREMENTAL_REDIRECT, scope: "research:browse", jar });
    expect(again.consentShown).toBe(false);
    expect(again.callback.searchParams.get("code")).toBeTruthy();
    // A new browser (no session) still skips consent: the approval is stored, not per session.
    const elsewhere = await codeFlow({ clientId: "incremental", redirectUri: INCREMENTAL_REDIRECT, scope: "research:browse" });
    expect(elsewhere.consentShown).toBe(false);
    const more = await codeFlow({ clientId: "incremental", redirectUri: INCREMENTAL_REDIRECT, scope: "research:browse research:export", jar });
    expect(more.consentShown).toBe(true);
    expect(more.callback.searchParams.get("code")).toBeTruthy();
  });

  it("refuses a request without PKCE, and plain PKCE", async () => {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({ client_id: "inspector", redirect_uri: REDIRECT, response_type: "code", resource: RESOURCE, state: "s" }).toString();
    const missing = await fetch(url, { redirect: "manual" });
    const missingAt = new URL(missing.headers.get("location")!);
    expect(missingAt.searchParams.get("error")).toBe("invalid_request");
    expect(missingAt.searchParams.get("error_description")).toMatch(/PKCE/);

    url.searchParams.set("code_challenge", pkce().verifier);
    url.searchParams.set("code_challenge_method", "plain");
    const plain = await fetch(url, { redirect: "manual" });
    const plainAt = new URL(plain.headers.get("location")!);
    expect(plainAt.searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a wrong code_verifier with invalid_grant", async () => {
    const flow = await codeFlow({ scope: "research:browse" });
    const result = await exchange(flow.callback.searchParams.get("code")!, pkce().verifier);
    expectOAuthError(result, "invalid_grant");
  });

  it("refuses an authorization code used twice", async () => {
    const flow = await codeFlow({ scope: "research:browse" });
    const code = flow.callback.searchParams.get("code")!;
    expect((await exchange(code, flow.verifier)).status).toBe(200);
    expectOAuthError(await exchange(code, flow.verifier), "invalid_grant");
  });

  it("never redirects to an unregistered redirect URI", async () => {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: "inspector",
      redirect_uri: "http://127.0.0.1:7777/other",
      response_type: "code",
      resource: RESOURCE,
      code_challenge: pkce().challenge,
      code_challenge_method: "S256",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toContain("invalid_redirect_uri");
  });

  it("refuses a token request whose redirect_uri differs from the authorization request", async () => {
    const flow = await codeFlow({ scope: "research:browse" });
    const result = await exchange(flow.callback.searchParams.get("code")!, flow.verifier, { redirect_uri: "http://127.0.0.1:7777/elsewhere" });
    expectOAuthError(result, "invalid_grant");
  });

  it("lets native clients use any loopback port (RFC 8252 §7.3)", async () => {
    const flow = await codeFlow({ clientId: "native-app", redirectUri: "http://127.0.0.1:54321/callback", scope: "research:browse" });
    expect(flow.callback.origin).toBe("http://127.0.0.1:54321");
    expect(flow.callback.searchParams.get("code")).toBeTruthy();
  });

  it("does not let web clients change the loopback port", async () => {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: "inspector",
      redirect_uri: "http://127.0.0.1:7778/callback",
      response_type: "code",
      resource: RESOURCE,
      code_challenge: pkce().challenge,
      code_challenge_method: "S256",
    }).toString();
    const res = await fetch(url, { redirect: "manual", headers: { accept: "application/json" } });
    expect(res.status).toBe(400);
  });

  it("returns access_denied to the client when the user denies consent", async () => {
    const result = await authorize(server.url, {
      clientId: "native-app", redirectUri: "http://127.0.0.1/callback", resource: RESOURCE, scope: "research:export", user: alice, consent: "deny",
    });
    expect(result.consentShown).toBe(true);
    expect(result.callback.searchParams.get("error")).toBe("access_denied");
    expect(result.callback.searchParams.get("iss")).toBe(server.url);
  });
});

describe("resource indicators (RFC 8707)", () => {
  it("refuses an unknown resource with invalid_target", async () => {
    const flow = await codeFlow({ scope: "research:browse", resource: "https://unknown.example.com/mcp" });
    expect(flow.callback.searchParams.get("error")).toBe("invalid_target");
  });

  it("explains that a resource is required when none is sent and the scopes imply none (resource-resolution.test.ts has the rest)", async () => {
    const flow = await codeFlow({ scope: "unknown:scope", resource: undefined });
    expect(flow.callback.searchParams.get("error")).toBe("invalid_target");
    expect(flow.callback.searchParams.get("error_description")).toMatch(/resource parameter is required/);
  });

  it("matches a resource that differs by a trailing slash, and puts the registered URI in aud", async () => {
    const flow = await codeFlow({ scope: "research:browse", resource: `${RESOURCE}/` });
    const token = await tokenRequest(server.url, {
      grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier,
      redirect_uri: REDIRECT, client_id: "inspector",
    });
    expect(token.status).toBe(200);
    expect(decodeJwt(String(token.body.access_token)).payload.aud).toBe(RESOURCE);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use; reusing an old one revokes the whole grant", async () => {
    const flow = await codeFlow({ scope: "research:browse" });
    const first = await exchange(flow.callback.searchParams.get("code")!, flow.verifier);
    const rt1 = String(first.body.refresh_token);

    const second = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: rt1, client_id: "inspector" });
    expect(second.status).toBe(200);
    const rt2 = String(second.body.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect(decodeJwt(String(second.body.access_token)).payload.aud).toBe(RESOURCE);

    expectOAuthError(await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: rt1, client_id: "inspector" }), "invalid_grant");
    // The reuse revoked the grant: the rotated token is dead too.
    expectOAuthError(await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: rt2, client_id: "inspector" }), "invalid_grant");
  });
});

describe("revocation and introspection", () => {
  it("introspection reports an access token active with its claims, then inactive once revoked", async () => {
    const { clientSecret } = { clientSecret: await confidentialSecret() };
    const flow = await codeFlow({ scope: "research:browse" });
    const token = await exchange(flow.callback.searchParams.get("code")!, flow.verifier);
    const accessToken = String(token.body.access_token);
    const auth = basicAuth("confidential-web", clientSecret);

    const before = await introspect(accessToken, auth);
    expect(before).toMatchObject({ active: true, client_id: "inspector", sub: userId, aud: RESOURCE, act: { sub: "inspector" } });

    const revoke = await fetch(`${server.url}/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: accessToken, client_id: "inspector" }),
    });
    expect(revoke.status).toBe(200);
    expect(await introspect(accessToken, auth)).toEqual({ active: false });
  });

  it("revoking a refresh token makes it inactive and unusable", async () => {
    const flow = await codeFlow({ scope: "research:browse" });
    const token = await exchange(flow.callback.searchParams.get("code")!, flow.verifier);
    const rt = String(token.body.refresh_token);
    const auth = basicAuth("confidential-web", await confidentialSecret());
    expect((await introspect(rt, auth)).active).toBe(true);
    await fetch(`${server.url}/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: rt, client_id: "inspector", token_type_hint: "refresh_token" }),
    });
    expect(await introspect(rt, auth)).toEqual({ active: false });
    expectOAuthError(await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: rt, client_id: "inspector" }), "invalid_grant");
  });

  it("requires client authentication for introspection", async () => {
    const anonymous = await fetch(`${server.url}/token/introspection`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "whatever" }),
    });
    expect(anonymous.status).toBe(400);
    expect((await json(anonymous)).error).toBe("invalid_request");

    await confidentialSecret();
    const wrongSecret = await fetch(`${server.url}/token/introspection`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth("confidential-web", "nope") },
      body: new URLSearchParams({ token: "whatever" }),
    });
    expect(wrongSecret.status).toBe(401);
    expect((await json(wrongSecret)).error).toBe("invalid_client");
  });

  const introspect = (token: string, auth: string) => introspectAt(server.url, token, auth);

  let secret: string | undefined;
  async function confidentialSecret(): Promise<string> {
    if (secret) return secret;
    // Re-create the confidential client with a secret we know.
    await server.prisma.client.delete({ where: { id: "confidential-web" } });
    const c = await createClient(server.prisma, { id: "confidential-web", confidential: true, redirectUris: ["https://app.example.com/cb"] });
    secret = c.clientSecret!;
    return secret;
  }
});
