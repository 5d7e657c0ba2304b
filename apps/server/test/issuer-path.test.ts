import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { freePort } from "./helpers/free-port.js";
import { createClient, createRole, createServerWithScopes } from "./helpers/fixtures.js";
import { adminClient } from "./helpers/admin-api.js";
import { basicAuth, form, json } from "./helpers/oauth.js";

/**
 * An issuer with a path (`http://host:port/auth`): RFC 8414 §3 puts the metadata at the
 * path-inserted URL, MCP clients also try the OpenID forms, and every endpoint, token and
 * protected-resource document must carry the path. The path is `/auth` on purpose: it is also the
 * name of oidc-provider's authorization endpoint, so a route mounted without the issuer's path
 * would collide with it.
 */

const RESOURCE = "https://research.example.com/mcp";
let server: TestServer;
let origin: string;
let issuer: string;
let agentSecret: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  issuer = `${origin}/auth`;
  server = await startTestServer({ env: { PORT: String(port), TOOLGATE_ISSUER: issuer } });
  const research = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["research:browse"] });
  const role = await createRole(server.prisma, "analyst", [research.scopes[0]!.id]);
  const agent = await createClient(server.prisma, { id: "report-agent", kind: "agent", confidential: true, grantTypes: ["client_credentials"], roleIds: [role.id] });
  agentSecret = agent.clientSecret!;
});
afterAll(async () => {
  await server?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions inspect arbitrary JSON
async function metadata(): Promise<any> {
  return json(await fetch(`${origin}/.well-known/oauth-authorization-server/auth`));
}

async function post(url: string, body: Record<string, string>, auth: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth }, body: form(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("an issuer with a path", () => {
  it("serves RFC 8414 metadata at the path-inserted URL, every endpoint under the issuer's path", async () => {
    const res = await fetch(`${origin}/.well-known/oauth-authorization-server/auth`);
    expect(res.status).toBe(200);
    const meta = await json(res);
    expect(server.url).toBe(issuer);
    expect(meta.issuer).toBe(issuer);
    expect(meta.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(meta.token_endpoint).toBe(`${issuer}/token`);
    expect(meta.jwks_uri).toBe(`${issuer}/jwks`);
    expect(meta.registration_endpoint).toBe(`${issuer}/reg`);
    expect(meta.introspection_endpoint).toBe(`${issuer}/token/introspection`);
    expect(meta.revocation_endpoint).toBe(`${issuer}/token/revocation`);
    expect(meta.protected_resources).toContain(`${issuer}/api/admin`);
    // Every URL-valued member points under the issuer.
    for (const [key, value] of Object.entries(meta)) {
      if (typeof value === "string" && /^https?:/.test(value)) expect(value.startsWith(issuer), `${key}: ${value}`).toBe(true);
    }
  });

  it("serves the same document at every form MCP clients try, and not at the root", async () => {
    const expected = await metadata();
    for (const url of [
      `${issuer}/.well-known/openid-configuration`, // OpenID Connect Discovery §4 (path appended)
      `${origin}/.well-known/openid-configuration/auth`, // the OpenID form, path inserted
      `${issuer}/.well-known/oauth-authorization-server`, // the RFC 8414 form, path appended
    ]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(await res.json(), url).toEqual(expected);
    }
    // The root's metadata belongs to an issuer without a path, which this server is not.
    expect((await fetch(`${origin}/.well-known/oauth-authorization-server`)).status).toBe(404);
    expect((await fetch(`${origin}/.well-known/openid-configuration`)).status).toBe(404);
  });

  it("issues a client_credentials token at the advertised token endpoint, and introspects it at the advertised endpoint", async () => {
    const meta = await metadata();
    const auth = basicAuth("report-agent", agentSecret);
    const token = await post(meta.token_endpoint, { grant_type: "client_credentials", resource: RESOURCE }, auth);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(token.body.scope).toBe("research:browse");
    const { payload } = await jwtVerify(String(token.body.access_token), createRemoteJWKSet(new URL(meta.jwks_uri)), {
      issuer,
      audience: RESOURCE,
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ iss: issuer, client_id: "report-agent" });

    const introspection = await post(meta.introspection_endpoint, { token: String(token.body.access_token) }, auth);
    expect(introspection.status).toBe(200);
    expect(introspection.body).toMatchObject({ active: true, iss: issuer, aud: RESOURCE, client_id: "report-agent", scope: "research:browse" });
  });

  it("sends the authorization endpoint's users to the sign-in page under the issuer's path", async () => {
    const meta = await metadata();
    await createClient(server.prisma, { id: "web-app" });
    const url = new URL(meta.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: "web-app", redirect_uri: "http://127.0.0.1:7777/callback", response_type: "code", scope: "openid",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256", state: "s",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(303);
    const page = new URL(res.headers.get("location")!, issuer);
    expect(page.pathname).toMatch(/^\/auth\/interaction\/[\w-]+$/);
    const html = await (await fetch(page, { headers: { cookie: cookies(res) } })).text();
    expect(html).toContain(`action="${page.pathname}/login"`);
  });

  it("describes the admin API as a protected resource under the issuer's path, and accepts its tokens", async () => {
    const resource = `${issuer}/api/admin`;
    const prmUrl = `${origin}/.well-known/oauth-protected-resource/auth/api/admin`; // RFC 9728 §3.1, path inserted
    const unauthenticated = await fetch(`${issuer}/api/admin/me`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toContain(`resource_metadata="${prmUrl}"`);
    const prm = await json(await fetch(prmUrl));
    expect(prm).toMatchObject({ resource, authorization_servers: [issuer], scopes_supported: ["toolgate:admin"] });

    // The metadata the PRM points to is the issuer's, at its RFC 8414 URL.
    const asMeta = await json(await fetch(`${origin}/.well-known/oauth-authorization-server${new URL(prm.authorization_servers[0]).pathname}`));
    expect(asMeta.issuer).toBe(issuer);
    const { id, secret } = await adminClient(server);
    const token = await post(asMeta.token_endpoint, { grant_type: "client_credentials", resource: prm.resource }, basicAuth(id, secret));
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const me = await fetch(`${issuer}/api/admin/me`, { headers: { authorization: `Bearer ${String(token.body.access_token)}` } });
    expect(me.status).toBe(200);
  });

  it("names the issuer in every protected resource's metadata, served under the issuer's path", async () => {
    const res = await fetch(`${issuer}/api/resources/metadata?resource=${encodeURIComponent(RESOURCE)}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ resource: RESOURCE, authorization_servers: [issuer] });
  });

  it("answers health and readiness under the issuer's path", async () => {
    expect((await fetch(`${issuer}/healthz`)).status).toBe(200);
    expect(await json(await fetch(`${issuer}/readyz`))).toMatchObject({ status: "ready" });
  });
});

function cookies(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
