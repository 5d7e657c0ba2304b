import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { basicAuth, decodeJwt, json, tokenRequest } from "./helpers/oauth.js";

/**
 * The MCP client-credentials extension (io.modelcontextprotocol/oauth-client-credentials): agents
 * authenticate with private_key_jwt (RFC 7523 §2.2) against keys an admin registered — inline or
 * at a jwks_uri — and every bad assertion is invalid_client, audited.
 */
const RESOURCE = "https://agents.example.com/mcp";
const ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const cert = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-key.pem", import.meta.url)));

let server: TestServer;
let api: AdminApi;
let roleId: string;
let jwksServer: Server;
let jwksBase: string;
const served = new Map<string, object>();
/** Paths the JWKS server was asked for. */
const requested: string[] = [];

interface KeyPair { privateKey: CryptoKey; jwk: JWK }
async function keyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

/** fetch that trusts the fixture certificate (Node's bundled undici Agent, as oidc-provider uses). */
function trustingFetch(): typeof fetch {
  const Agent = (globalThis as Record<symbol, { constructor: new (o: object) => unknown } | undefined>)[Symbol.for("undici.globalDispatcher.1")]!.constructor;
  const dispatcher = new Agent({ connect: { ca: cert } });
  return ((url: string | URL, init: RequestInit = {}) => fetch(url, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}

beforeAll(async () => {
  jwksServer = createServer({ cert, key }, (req, res) => {
    requested.push(req.url ?? "");
    const body = served.get(req.url ?? "");
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", () => r()));
  jwksBase = `https://127.0.0.1:${(jwksServer.address() as { port: number }).port}`;
  await fetch(`${jwksBase}/`).catch(() => undefined); // initialise Node's global dispatcher

  ({ server, api } = await startWithAdminApi({ env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true" }, fetch: trustingFetch() }));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Agents", scopes: [{ name: "agents:run" }] })).body;
  roleId = (await api.post("/roles", { name: "runner", scopeIds: [srv.scopes[0].id] })).body.id;
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => jwksServer?.close(() => r()));
});

async function createAgent(id: string) {
  const created = await api.post("/clients", { kind: "agent", clientId: id, name: id, authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [roleId] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number; clientSecret: string };
}

function assertion(clientId: string, signer: KeyPair, claims: { aud?: string; exp?: number; iat?: number; jti?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: signer.jwk.kid! })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(claims.aud ?? server.url)
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 60)
    .sign(signer.privateKey);
}

/** As the extension's example: no client_id, the client is the assertion's sub (RFC 7523 §3). */
const withAssertion = (jwt: string, extra: Record<string, string> = {}) =>
  tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE, client_assertion_type: ASSERTION, client_assertion: jwt, ...extra });

describe("private_key_jwt for agents", () => {
  it("is advertised in the metadata with its signing algorithms", async () => {
    const meta = await json(await fetch(`${server.url}/.well-known/oauth-authorization-server`));
    expect(meta.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
    expect(meta.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(["ES256", "RS256"]));
    expect(meta.token_endpoint_auth_signing_alg_values_supported).not.toContain("HS256");
  });

  it("authenticates an agent with registered keys; its secret stops working; a new secret switches back", async () => {
    const agent = await createAgent("jwt-agent");
    const signer = await keyPair("k1");
    const set = await api.put(`/clients/${agent.id}/keys`, { jwks: { keys: [signer.jwk] }, version: agent.version });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ authMethod: "private_key_jwt", hasSecret: false, jwks: { keys: [{ kid: "k1" }] }, jwksUri: null });

    const token = await withAssertion(await assertion(agent.id, signer));
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(decodeJwt(String(token.body.access_token)).payload).toMatchObject({ sub: agent.id, client_id: agent.id, aud: RESOURCE, scope: "agents:run" });
    // The token endpoint's URL is an audience as good as the issuer (RFC 7523 §3).
    expect((await withAssertion(await assertion(agent.id, signer, { aud: `${server.url}/token` }), { client_id: agent.id })).status).toBe(200);

    const bySecret = await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE }, basicAuth(agent.id, agent.clientSecret));
    expect(bySecret.body.error).toBe("invalid_client");

    const rotated = await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 0 });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect((await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE }, basicAuth(agent.id, rotated.body.clientSecret))).status).toBe(200);
    expect((await withAssertion(await assertion(agent.id, signer))).body.error).toBe("invalid_client");
    expect((await api.get(`/clients/${agent.id}`)).body).toMatchObject({ authMethod: "client_secret_basic", hasSecret: true, jwks: null });
  });

  it("fetches keys from a registered jwks_uri", async () => {
    const agent = await createAgent("jwks-uri-agent");
    const signer = await keyPair("remote-1");
    served.set("/agent-keys.json", { keys: [signer.jwk] });
    const set = await api.put(`/clients/${agent.id}/keys`, { jwksUri: `${jwksBase}/agent-keys.json`, version: agent.version });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ authMethod: "private_key_jwt", jwks: null, jwksUri: `${jwksBase}/agent-keys.json` });
    const token = await withAssertion(await assertion(agent.id, signer));
    expect(token.status, JSON.stringify(token.body)).toBe(200);
  });

  it("fetches a jwks_uri through the SSRF-guarded fetch: a private address is never connected to", async () => {
    // The production fetch, with oidc-provider's guarding dispatcher; the fixture certificate is
    // accepted for this test only, so that it is the guard (not TLS) that refuses.
    const strict = await startWithAdminApi();
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const created = (await strict.api.post("/clients", { kind: "agent", clientId: "ssrf-agent", name: "ssrf-agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"] })).body;
      const signer = await keyPair("ssrf");
      served.set("/ssrf-keys.json", { keys: [signer.jwk] });
      expect((await strict.api.put(`/clients/${created.id}/keys`, { jwksUri: `${jwksBase}/ssrf-keys.json`, version: created.version })).status).toBe(200);
      const jwt = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "ssrf" }).setIssuer(created.id).setSubject(created.id)
        .setAudience(strict.server.url).setJti(randomUUID()).setIssuedAt().setExpirationTime("1m").sign(signer.privateKey);
      const res = await tokenRequest(strict.server.url, { grant_type: "client_credentials", client_assertion_type: ASSERTION, client_assertion: jwt });
      expect(res.body.error).toBe("invalid_client");
      expect(requested).not.toContain("/ssrf-keys.json");
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      await strict.server.close();
    }
  });

  it("refuses each bad assertion with invalid_client, and audits it", async () => {
    const agent = await createAgent("strict-agent");
    const signer = await keyPair("good");
    await api.put(`/clients/${agent.id}/keys`, { jwks: { keys: [signer.jwk] }, version: agent.version });
    const now = Math.floor(Date.now() / 1000);
    const replayed = await assertion(agent.id, signer);
    expect((await withAssertion(replayed)).status).toBe(200);

    const cases: Array<[string, () => Promise<string>]> = [
      ["replayed", async () => replayed],
      ["expired", () => assertion(agent.id, signer, { iat: now - 600, exp: now - 300 })],
      ["for another audience", () => assertion(agent.id, signer, { aud: "https://other-as.example.com/token" })],
      ["signed by an unregistered key (same kid)", async () => assertion(agent.id, { ...(await keyPair("good")) })],
      ["signed by an unregistered key (unknown kid)", async () => assertion(agent.id, await keyPair("stranger"))],
    ];
    for (const [name, make] of cases) {
      const res = await withAssertion(await make());
      expect(res.status, name).toBe(401);
      expect(res.body.error, name).toBe("invalid_client");
      expect(res.body.access_token, name).toBeUndefined();
    }
    // Without client_id, an assertion that is no JWT names no client: a malformed request.
    const garbage = await withAssertion("not.a.jwt");
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toBe("invalid_request");
    expect((await withAssertion("not.a.jwt", { client_id: agent.id })).body.error).toBe("invalid_request");
    await server.toolgate.audit.flush();
    const refused = await server.prisma.auditEvent.findMany({ where: { type: "token.refused", clientId: agent.id }, orderBy: { id: "asc" } });
    const details = refused.map((e) => String((e.details as { detail?: string }).detail));
    expect(refused.every((e) => e.reason?.startsWith("invalid_client"))).toBe(true);
    expect(details).toEqual([
      expect.stringMatching(/only be used once/),
      expect.stringMatching(/exp/),
      expect.stringMatching(/aud/),
      expect.stringMatching(/signature|key/),
      expect.stringMatching(/signature|key/),
    ]);
  });

  it("admin API: refuses bad keys and clients that cannot have them, changing nothing", async () => {
    const agent = await createAgent("keys-input-agent");
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const bad: Array<[string, unknown]> = [
      ["both jwks and jwksUri", { jwks: { keys: [(await keyPair("a")).jwk] }, jwksUri: "https://keys.example.com/jwks.json" }],
      ["neither", {}],
      ["a private key", { jwks: { keys: [privateJwk] } }],
      ["an http jwks_uri", { jwksUri: "http://keys.example.com/jwks.json" }],
      ["an empty key set", { jwks: { keys: [] } }],
      ["a key that is no key", { jwks: { keys: [{ kty: "EC", crv: "P-256", x: "nope" }] } }],
    ];
    for (const [name, body] of bad) {
      const res = await api.put(`/clients/${agent.id}/keys`, { ...(body as object), version: agent.version });
      expect(res.status, name).toBe(400);
    }
    expect((await api.get(`/clients/${agent.id}`)).body).toMatchObject({ authMethod: "client_secret_basic", hasSecret: true, version: agent.version });

    const reg = await json(await fetch(`${server.url}/reg`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Self", redirect_uris: ["http://127.0.0.1:7777/cb"], token_endpoint_auth_method: "none" }),
    }));
    const selfRegistered = await api.put(`/clients/${reg.client_id}/keys`, { jwks: { keys: [(await keyPair("b")).jwk] }, version: 1 });
    expect(selfRegistered.status).toBe(409);
    expect((await api.put("/clients/nobody/keys", { jwks: { keys: [(await keyPair("c")).jwk] }, version: 1 })).status).toBe(404);
  });
});
