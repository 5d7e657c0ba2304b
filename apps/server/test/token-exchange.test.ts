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
/** The downstream's token lifetime: far longer than any subject token here has left (research's is 300 s). */
const STORAGE_TTL = 3600;

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
  const storage = (await api.post("/servers", {
    resourceUri: STORAGE, name: "Storage", accessTokenTtl: STORAGE_TTL, scopes: [{ name: "storage:read" }, { name: "storage:write" }],
  })).body;
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

const epoch = () => Math.floor(Date.now() / 1000);

/** An access token signed with this server's current key: claims as given, a chosen expiry. */
async function signedToken(claims: Record<string, unknown>, { sub, aud, exp, iss = server.url }: { sub: string; aud: string; exp: number; iss?: string }) {
  const keys = server.toolgate.deps.host.keys;
  const jwk = keys.jwks.keys.find((k) => k.kid === keys.signing.ES256)!;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "at+jwt" }).setIssuer(iss).setAudience(aud).setSubject(sub)
    .setIssuedAt(Math.min(epoch(), exp - 60)).setExpirationTime(exp).setJti(`minted-${Math.random().toString(36).slice(2)}`)
    .sign(await importJWK(jwk, "ES256"));
}

/** A subject token for the research server as Alice's inspector client would present it. */
const aliceSubject = (exp: number, iss?: string) =>
  signedToken({ client_id: "inspector", scope: "research:browse", act: { sub: "inspector" } }, { sub: aliceId, aud: RESEARCH, exp, iss });

async function lastAuditId(): Promise<string> {
  await server.toolgate.audit.flush();
  return (await api.get("/audit?limit=1")).body.items[0]?.id ?? "0";
}

/**
 * Runs one refused request and checks the wire error and that it left exactly one `token.refused`
 * audit event, with the error and its description as the reason.
 */
async function expectRefusal(
  request: () => Promise<{ status: number; body: Record<string, unknown> }>,
  error: string, reason: RegExp, event: Record<string, unknown> = {},
) {
  const since = await lastAuditId();
  const res = await request();
  expectOAuthError(res, error);
  await server.toolgate.audit.flush();
  const refused = (await api.get(`/audit?type=token.refused&after=${since}`)).body.items;
  expect(refused, JSON.stringify(refused)).toHaveLength(1);
  expect(refused[0]).toMatchObject({ type: "token.refused", decision: "deny", clientId: researchCreds.clientId, ...event });
  expect(refused[0].reason).toMatch(new RegExp(`^${error}: `));
  expect(refused[0].reason).toMatch(reason);
  expect(refused[0].details).toMatchObject({ grantType: EXCHANGE });
  return res;
}

describe("token exchange (RFC 8693)", () => {
  it("gives the MCP server a downstream token: same subject, nested actors, downstream audience, reduced scope, bounded expiry", async () => {
    const subject = await aliceToken();
    const subjectClaims = decodeJwt(subject).payload;
    expect(subjectClaims).toMatchObject({ sub: aliceId, act: { sub: "inspector" } });

    const before = epoch();
    const res = await exchange({ subject_token: subject });
    const after = epoch();
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
    // Storage grants an hour, the subject token has under 300 s left: the subject's expiry wins, to the second.
    expect(payload.exp).toBe(subjectClaims.exp);
    const expiresIn = Number(res.body.expires_in);
    expect(expiresIn).toBe((payload.exp as number) - (payload.iat as number));
    expect(expiresIn).toBeGreaterThanOrEqual((subjectClaims.exp as number) - after);
    expect(expiresIn).toBeLessThanOrEqual((subjectClaims.exp as number) - before);
    expect(expiresIn).toBeLessThanOrEqual(300);
  });

  it("bounds the exchanged token by a subject token close to expiry, and by the downstream TTL when the subject outlives it", async () => {
    const soon = epoch() + 90;
    const res = await exchange({ subject_token: await aliceSubject(soon) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { payload } = decodeJwt(String(res.body.access_token));
    expect(payload.exp).toBe(soon);
    expect(Number(res.body.expires_in)).toBe(soon - (payload.iat as number));
    expect(Number(res.body.expires_in)).toBeLessThanOrEqual(90);

    // The other side of the bound: a subject good for two hours yields the downstream's hour.
    const long = await exchange({ subject_token: await aliceSubject(epoch() + 7200) });
    expect(long.status, JSON.stringify(long.body)).toBe(200);
    expect(long.body.expires_in).toBe(STORAGE_TTL);
    const longClaims = decodeJwt(String(long.body.access_token)).payload;
    expect((longClaims.exp as number) - (longClaims.iat as number)).toBe(STORAGE_TTL);
  });

  it("refuses an expired, revoked, forged, foreign-issuer or wrong-audience subject token with invalid_grant, auditing each refusal", async () => {
    const unusable = /subject_token is invalid, expired, or not issued by this server/;
    // Expired: signed with this server's own current key, but already past its exp.
    const expired = await aliceSubject(epoch() - 300);
    await expectRefusal(() => exchange({ subject_token: expired }), "invalid_grant", unusable, { resource: STORAGE });

    const revoked = await aliceToken();
    const revocation = await fetch(`${server.url}/token/revocation`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: revoked, client_id: "inspector" }) });
    expect(revocation.status).toBe(200);
    await expectRefusal(() => exchange({ subject_token: revoked }), "invalid_grant", /subject_token was revoked/, { resource: STORAGE });

    // Forged: this issuer's name and key id, another key's signature.
    const keys = server.toolgate.deps.host.keys;
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ client_id: "inspector", scope: "research:browse" })
      .setProtectedHeader({ alg: "ES256", kid: keys.signing.ES256, typ: "at+jwt" }).setIssuer(server.url).setAudience(RESEARCH).setSubject(aliceId)
      .setIssuedAt().setExpirationTime("5m").sign(privateKey);
    await expectRefusal(() => exchange({ subject_token: forged }), "invalid_grant", unusable);

    // Foreign issuer: a valid signature by a key this server holds, but `iss` names another issuer.
    const foreign = await aliceSubject(epoch() + 300, "https://elsewhere.example.com");
    await expectRefusal(() => exchange({ subject_token: foreign }), "invalid_grant", unusable);

    const otherAudience = await aliceToken(OTHER);
    await expectRefusal(() => exchange({ subject_token: otherAudience }), "invalid_grant", /audience mismatch/);
    await expectRefusal(() => exchange({ subject_token: "not-a-token" }), "invalid_grant", unusable);
  });

  it("refuses a downstream without policy (invalid_target), excess scopes (invalid_scope) and a missing subject_token_type (invalid_request), auditing each refusal", async () => {
    const subject = await aliceToken();
    await expectRefusal(() => exchange({ subject_token: subject, resource: OTHER }), "invalid_target", /may not exchange tokens for https:\/\/other\.example\.com\/mcp/, { resource: OTHER });
    await expectRefusal(() => exchange({ subject_token: subject, resource: undefined }), "invalid_target", /resource parameter is required/);
    await expectRefusal(() => exchange({ subject_token: subject, resource: "https://unknown.example.com/x" }), "invalid_target", /unknown resource/, { resource: "https://unknown.example.com/x" });
    await expectRefusal(() => exchange({ subject_token: subject, scope: "storage:write" }), "invalid_scope", /scope not allowed in this exchange: storage:write$/, { resource: STORAGE, scopes: ["storage:write"] });
    expect((await exchange({ subject_token: subject, scope: "storage:read storage:write" })).body.scope).toBe("storage:read");
    await expectRefusal(() => exchange({ subject_token: subject, subject_token_type: undefined }), "invalid_request", /missing required parameter 'subject_token_type'/);
    await expectRefusal(() => exchange({ subject_token: subject, subject_token_type: "urn:ietf:params:oauth:token-type:saml2" }), "invalid_request", /unsupported subject_token_type/);
    await expectRefusal(() => exchange({ subject_token: undefined }), "invalid_request", /missing required parameter 'subject_token'/);
    // Another MCP server cannot exchange a token that was not issued to it.
    const since = await lastAuditId();
    expectOAuthError(await exchange({ subject_token: subject }, otherCreds), "invalid_grant");
    await server.toolgate.audit.flush();
    expect((await api.get(`/audit?type=token.refused&after=${since}`)).body.items).toEqual([
      expect.objectContaining({ clientId: otherCreds.clientId, resource: STORAGE, reason: expect.stringMatching(/^invalid_grant: .*audience mismatch/) }),
    ]);
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
    const obo1 = decodeJwt(String(res.body.access_token)).payload;
    expect(obo1).toMatchObject({ sub: aliceId, act: { sub: agent.id }, aud: STORAGE, scope: "storage:read" });
    expect(obo1.exp as number).toBeLessThanOrEqual(decodeJwt(String(own.body.access_token)).payload.exp as number);

    // The agent's own token close to expiry bounds the on-behalf-of token (the delegation has no end).
    const soon = epoch() + 120;
    const ownSoon = await signedToken({ client_id: agent.id, scope: "storage:read" }, { sub: agent.id, aud: STORAGE, exp: soon });
    const bounded = await tokenRequest(server.url, {
      grant_type: EXCHANGE, subject_token: alice.email, subject_token_type: "urn:toolgate:params:oauth:token-type:user",
      actor_token: ownSoon, actor_token_type: ACCESS_TOKEN, resource: STORAGE, scope: "storage:read",
    }, basicAuth(agent.id, agent.clientSecret));
    expect(bounded.status, JSON.stringify(bounded.body)).toBe(200);
    const boundedClaims = decodeJwt(String(bounded.body.access_token)).payload;
    expect(boundedClaims.exp).toBe(soon);
    expect(Number(bounded.body.expires_in)).toBe(soon - (boundedClaims.iat as number));
    expect(Number(bounded.body.expires_in)).toBeLessThanOrEqual(120);

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
    // (Each refusal's own event is checked where it is made, with expectRefusal.)
    const refused = (await api.get(`/audit?type=token.refused&clientId=${researchCreds.clientId}`)).body.items;
    expect(refused.length).toBeGreaterThanOrEqual(13);
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
