import { importJWK, SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { authorize, basicAuth, decodeJwt, expectOAuthError, tokenRequest, introspect as introspectAt } from "./helpers/oauth.js";

const RESEARCH = "https://research.example.com/mcp";
const STORAGE = "https://storage.example.com/api";
const OTHER = "https://other.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
const alice = { email: "alice@example.com", password: "alice-password-1" };

let server: TestServer;
let api: ReturnType<typeof adminApi>;
let researchCreds: { clientId: string; clientSecret: string };
let otherCreds: { clientId: string; clientSecret: string };
let aliceId: string;
let agent: { id: string; clientSecret: string };

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
  const research = (await api.post("/servers", { resourceUri: RESEARCH, name: "Research", scopes: [{ name: "research:browse" }] })).body;
  const storage = (await api.post("/servers", { resourceUri: STORAGE, name: "Storage", scopes: [{ name: "storage:read" }, { name: "storage:write" }] })).body;
  const other = (await api.post("/servers", { resourceUri: OTHER, name: "Other", scopes: [{ name: "other:use" }] })).body;
  const scope = (srv: { scopes: { id: string; name: string }[] }, name: string) => srv.scopes.find((s) => s.name === name)!.id;
  const researchUser = (await api.post("/roles", { name: "research-user", scopeIds: [scope(research, "research:browse"), scope(other, "other:use")] })).body;
  const storageUser = (await api.post("/roles", { name: "storage-user", scopeIds: [scope(storage, "storage:read"), scope(storage, "storage:write")] })).body;
  await api.post("/clients", { clientId: "inspector", name: "Inspector", redirectUris: [REDIRECT], roleIds: [researchUser.id] });
  aliceId = (await api.post("/users", { ...alice, roleIds: [researchUser.id, storageUser.id] })).body.id;
  researchCreds = (await api.post(`/servers/${research.id}/credentials`)).body;
  otherCreds = (await api.post(`/servers/${other.id}/credentials`)).body;
  await api.post("/exchange-policies", { sourceServerId: research.id, targetServerId: storage.id, scopeIds: [scope(storage, "storage:read")] });

  const agentRole = (await api.post("/roles", { name: "assistant", scopeIds: [scope(storage, "storage:read"), scope(storage, "storage:write")] })).body;
  const created = (await api.post("/clients", {
    kind: "agent", name: "Assistant", authMethod: "client_secret_basic", grantTypes: ["client_credentials", EXCHANGE], roleIds: [agentRole.id],
  })).body;
  agent = { id: created.id, clientSecret: created.clientSecret };
});
afterAll(async () => {
  await server?.close();
});

async function aliceToken(resource = RESEARCH) {
  const flow = await authorize(server.url, { clientId: "inspector", redirectUri: REDIRECT, resource, user: alice });
  const res = await tokenRequest(server.url, {
    grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "inspector",
  });
  return String(res.body.access_token);
}

const exchange = (body: Record<string, string | undefined>, creds = researchCreds) =>
  tokenRequest(server.url, { grant_type: EXCHANGE, subject_token_type: ACCESS_TOKEN, resource: STORAGE, ...body }, basicAuth(creds.clientId, creds.clientSecret));

describe("token exchange (RFC 8693)", () => {
  it("gives the MCP server a downstream token: same subject, nested actors, downstream audience, reduced scope, bounded expiry", async () => {
    const subject = await aliceToken();
    const subjectClaims = decodeJwt(subject).payload;
    expect(subjectClaims).toMatchObject({ sub: aliceId, act: { sub: "inspector" } });

    const res = await exchange({ subject_token: subject });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: "Bearer", scope: "storage:read" });
    const { payload, header } = decodeJwt(String(res.body.access_token));
    expect(header.typ).toBe("at+jwt");
    expect(payload).toMatchObject({
      sub: aliceId,
      aud: STORAGE,
      client_id: researchCreds.clientId,
      scope: "storage:read",
      act: { sub: researchCreds.clientId, act: { sub: "inspector" } },
      grant_id: subjectClaims.grant_id,
    });
    expect(payload.exp as number).toBeLessThanOrEqual(subjectClaims.exp as number);
    expect(Number(res.body.expires_in)).toBeLessThanOrEqual(300);
  });

  it("refuses an expired, revoked, foreign-issuer or wrong-audience subject token with invalid_grant", async () => {
    // Expired: signed with this server's own current key, but already past its exp.
    const key = server.toolgate.deps.host.keys;
    const jwk = key.jwks.keys.find((k) => k.kid === key.signing.ES256)!;
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ client_id: "inspector", scope: "research:browse", act: { sub: "inspector" } })
      .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "at+jwt" }).setIssuer(server.url).setAudience(RESEARCH).setSubject(aliceId)
      .setIssuedAt(now - 600).setExpirationTime(now - 300).setJti("expired-1").sign(await importJWK(jwk, "ES256"));
    expectOAuthError(await exchange({ subject_token: expired }), "invalid_grant");

    const revoked = await aliceToken();
    await fetch(`${server.url}/token/revocation`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: revoked, client_id: "inspector" }) });
    expectOAuthError(await exchange({ subject_token: revoked }), "invalid_grant");

    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ client_id: "inspector", scope: "research:browse" })
      .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "at+jwt" }).setIssuer(server.url).setAudience(RESEARCH).setSubject(aliceId)
      .setIssuedAt().setExpirationTime("5m").sign(privateKey);
    expectOAuthError(await exchange({ subject_token: foreign }), "invalid_grant");

    const otherAudience = await aliceToken(OTHER);
    const wrong = await exchange({ subject_token: otherAudience });
    expectOAuthError(wrong, "invalid_grant");
    expect(String(wrong.body.error_description)).toMatch(/audience/);
    expectOAuthError(await exchange({ subject_token: "not-a-token" }), "invalid_grant");
  });

  it("refuses a downstream without policy (invalid_target), excess scopes (invalid_scope) and a missing subject_token_type (invalid_request)", async () => {
    const subject = await aliceToken();
    expectOAuthError(await exchange({ subject_token: subject, resource: OTHER }), "invalid_target");
    expectOAuthError(await exchange({ subject_token: subject, resource: undefined }), "invalid_target");
    expectOAuthError(await exchange({ subject_token: subject, resource: "https://unknown.example.com/x" }), "invalid_target");
    expectOAuthError(await exchange({ subject_token: subject, scope: "storage:write" }), "invalid_scope");
    expect((await exchange({ subject_token: subject, scope: "storage:read storage:write" })).body.scope).toBe("storage:read");
    expectOAuthError(await exchange({ subject_token: subject, subject_token_type: undefined }), "invalid_request");
    expectOAuthError(await exchange({ subject_token: subject, subject_token_type: "urn:ietf:params:oauth:token-type:saml2" }), "invalid_request");
    expectOAuthError(await exchange({ subject_token: undefined }), "invalid_request");
    // Another MCP server cannot exchange a token that was not issued to it.
    expectOAuthError(await exchange({ subject_token: subject }, otherCreds), "invalid_grant");
  });

  it("lets an agent get an on-behalf-of token only where the user delegated to it", async () => {
    const own = await tokenRequest(server.url, { grant_type: "client_credentials", resource: STORAGE }, basicAuth(agent.id, agent.clientSecret));
    expect(own.status).toBe(200);
    const obo = () => tokenRequest(server.url, {
      grant_type: EXCHANGE, subject_token: alice.email, subject_token_type: "urn:toolgate:params:oauth:token-type:user",
      actor_token: String(own.body.access_token), actor_token_type: ACCESS_TOKEN, resource: STORAGE, scope: "storage:read",
    }, basicAuth(agent.id, agent.clientSecret));

    expectOAuthError(await obo(), "invalid_grant");
    const delegation = await api.post("/delegations", { userId: aliceId, agentId: agent.id, scopes: ["storage:read"] });
    expect(delegation.status, JSON.stringify(delegation.body)).toBe(201);
    const res = await obo();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(decodeJwt(String(res.body.access_token)).payload).toMatchObject({ sub: aliceId, act: { sub: agent.id }, aud: STORAGE, scope: "storage:read" });

    // Another agent's token as actor is refused.
    expectOAuthError(await tokenRequest(server.url, {
      grant_type: EXCHANGE, subject_token: alice.email, subject_token_type: "urn:toolgate:params:oauth:token-type:user",
      actor_token: await aliceToken(), actor_token_type: ACCESS_TOKEN, resource: STORAGE,
    }, basicAuth(agent.id, agent.clientSecret)), "invalid_grant");

    await api.delete(`/delegations/${delegation.body.id}`);
    expectOAuthError(await obo(), "invalid_grant");
  });

  it("is not available to clients without the grant", async () => {
    const res = await tokenRequest(server.url, { grant_type: EXCHANGE, subject_token: "x", subject_token_type: ACCESS_TOKEN, resource: STORAGE, client_id: "inspector" });
    expect(res.status).toBe(400);
  });

  it("records every exchange and every refusal in the audit trail, queryable by subject and client", async () => {
    await server.toolgate.audit.flush();
    const exchanged = (await api.get(`/audit?type=token.exchanged&subject=${aliceId}`)).body.items;
    expect(exchanged.length).toBeGreaterThanOrEqual(2);
    expect(exchanged.find((e: { clientId: string }) => e.clientId === researchCreds.clientId)).toMatchObject({
      resource: STORAGE, actorChain: [researchCreds.clientId, "inspector"], decision: "allow",
    });
    const refused = (await api.get(`/audit?type=token.refused&clientId=${researchCreds.clientId}`)).body.items;
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused.map((e: { reason: string }) => e.reason.split(":")[0])).toEqual(expect.arrayContaining(["invalid_grant", "invalid_target", "invalid_scope", "invalid_request"]));
  });
});

describe("administering delegation", () => {
  const introspect = (token: string) => introspectAt(server.url, token, basicAuth(researchCreds.clientId, researchCreds.clientSecret));

  it("finds delegations and policies by search; narrowing a delegation revokes its tokens, widening does not", async () => {
    // Bob, not Alice: the rules revoking Alice's earlier delegation must not touch these tokens.
    const storageUser = (await api.get("/roles?q=storage-user")).body.items[0];
    const bob = (await api.post("/users", { email: "bob@example.com", password: "bob-password-12", roleIds: [storageUser.id] })).body;
    const delegation = (await api.post("/delegations", { userId: bob.id, agentId: agent.id, scopes: ["storage:read", "storage:write"] })).body;
    expect((await api.get("/delegations?q=BOB@")).body.items.map((d: { id: string }) => d.id)).toEqual([delegation.id]);
    expect((await api.get("/delegations?q=assist")).body.total).toBe(1);
    expect((await api.get("/delegations?q=nobody")).body.total).toBe(0);
    expect((await api.get("/exchange-policies?q=storage.example")).body.total).toBe(1);
    expect((await api.get("/exchange-policies?q=nothing-like-this")).body.total).toBe(0);

    const own = await tokenRequest(server.url, { grant_type: "client_credentials", resource: STORAGE }, basicAuth(agent.id, agent.clientSecret));
    const obo = async () => String((await tokenRequest(server.url, {
      grant_type: EXCHANGE, subject_token: "bob@example.com", subject_token_type: "urn:toolgate:params:oauth:token-type:user",
      actor_token: String(own.body.access_token), actor_token_type: ACCESS_TOKEN, resource: STORAGE,
    }, basicAuth(agent.id, agent.clientSecret))).body.access_token);

    const first = await obo();
    expect(decodeJwt(first).payload.sub).toBe(bob.id);
    // An end no token issued now can outlive does not revoke; one that a token could outlive does.
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const widened = await api.patch(`/delegations/${delegation.id}`, { expiresAt: later });
    expect(widened.status, JSON.stringify(widened.body)).toBe(200);
    expect(widened.body).toMatchObject({ expiresAt: later, scopes: ["storage:read", "storage:write"] });
    expect((await introspect(first)).active).toBe(true);

    const narrowed = await api.patch(`/delegations/${delegation.id}`, { scopes: ["storage:read"] });
    expect(narrowed.body.scopes).toEqual(["storage:read"]);
    expect(await introspect(first)).toEqual({ active: false });

    // A delegation ending in a minute bounds the tokens it produces, and revokes the ones before.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10)); // next second: past the last rule
    const second = await obo();
    const soon = new Date(Date.now() + 60_000);
    await api.patch(`/delegations/${delegation.id}`, { expiresAt: soon.toISOString() });
    expect(await introspect(second)).toEqual({ active: false });
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    const bounded = decodeJwt(await obo()).payload;
    expect(bounded.exp as number).toBeLessThanOrEqual(Math.floor(soon.getTime() / 1000));
    expect(bounded.scope).toBe("storage:read");
    expect((await api.patch(`/delegations/${delegation.id}`, { scopes: ["x"], extra: 1 })).status).toBe(400);
    expect((await api.patch("/delegations/00000000-0000-7000-8000-000000000000", { scopes: [] })).status).toBe(404);
    await api.delete(`/delegations/${delegation.id}`);
  });

  it("removing an exchange policy revokes the tokens exchanged under it", async () => {
    const exchanged = String((await exchange({ subject_token: await aliceToken() })).body.access_token);
    expect((await introspect(exchanged)).active).toBe(true);
    const policy = (await api.get("/exchange-policies?q=storage")).body.items[0];
    expect((await api.delete(`/exchange-policies/${policy.id}`)).status).toBe(204);
    expect(await introspect(exchanged)).toEqual({ active: false });
    const rules = await server.prisma.revocation.findMany({ where: { reason: "exchange policy removed" } });
    expect(rules).toEqual([expect.objectContaining({ clientId: researchCreds.clientId, audience: STORAGE })]);
  });
});
