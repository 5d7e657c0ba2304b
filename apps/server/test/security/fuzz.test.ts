import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApi, adminToken, type AdminApi } from "../helpers/admin-api.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { pkce } from "../helpers/oauth.js";
import { createSsrfSafeFetch } from "../../src/http/ssrf-safe-fetch.js";
import { Tally } from "./hostile-values.js";

/**
 * Property-based fuzzing (fast-check): generated registration metadata, CIMD documents, admin
 * bodies and query strings. Properties: never a 5xx, and a refused write leaves no record.
 * Bounded runs with a fixed seed per CI run printed on failure (fast-check reports it).
 */
const cert = readFileSync(fileURLToPath(new URL("../fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("../fixtures/cimd-test-key.pem", import.meta.url)));
const tally = new Tally();
const documents = new Map<string, string>();
let docServer: Server;
let docBase: string;
let server: TestServer;
let api: AdminApi;
let bearer: string;

beforeAll(async () => {
  docServer = createServer({ cert, key }, (req, res) => {
    const body = documents.get(req.url ?? "");
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((r) => docServer.listen(0, "127.0.0.1", () => r()));
  docBase = `https://127.0.0.1:${(docServer.address() as { port: number }).port}`;
  server = await startTestServer({
    env: { TOOLGATE_DCR_RATE_LIMIT: "1000000" },
    fetch: createSsrfSafeFetch({ isAllowed: (a) => a === "127.0.0.1", ca: cert }),
  });
  bearer = await adminToken(server);
  api = adminApi(server, bearer);
}, 60_000);
afterAll(async () => {
  tally.print("property-based fuzzing");
  await server?.close();
  await new Promise((r) => docServer?.close(r));
});

/** Any string: lone surrogates, NUL and every other code point included. */
const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom("", "\u0000", "\ud800", "' OR 1=1--", "%_\\", "\u202e"));
const uri = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom("http://127.0.0.1:8123/callback", "http:/127.0.0.1/cb", "HTTPS://App.Example/cb", "javascript:alert(1)", "com.example.app:/cb", "https://user:pw@a.example/cb", "http://[::1]:1/cb"),
  anyString,
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(anyString, { maxLength: 3 }), fc.dictionary(anyString, anyString, { maxKeys: 3 }));
const metadata = fc.record(
  {
    redirect_uris: fc.oneof(fc.array(uri, { maxLength: 3 }), anyJson),
    client_name: fc.oneof(anyString, anyJson),
    token_endpoint_auth_method: fc.oneof(fc.constantFrom("none", "client_secret_basic", "client_secret_post", "private_key_jwt", "tls_client_auth"), anyJson),
    grant_types: fc.oneof(fc.subarray(["authorization_code", "refresh_token", "client_credentials", "implicit", "password"]), anyJson),
    response_types: fc.oneof(fc.subarray(["code", "token", "id_token"]), anyJson),
    application_type: fc.oneof(fc.constantFrom("web", "native"), anyJson),
    scope: fc.oneof(anyString, anyJson),
    logo_uri: uri,
    client_uri: uri,
    jwks_uri: uri,
    jwks: anyJson,
    contacts: fc.oneof(fc.array(anyString, { maxLength: 2 }), anyJson),
    software_id: anyString,
    extra: anyJson,
  },
  { requiredKeys: [] },
);

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes a client could still send. */
function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "")) + "%ED%A0%80";
  }
}

async function clientCount() {
  return server.prisma.client.count();
}

describe("fuzzing", () => {
  it("Dynamic Client Registration: no 5xx; a refused registration writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(metadata, async (body) => {
        const before = await clientCount();
        const res = await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        tally.record(`POST /reg ${JSON.stringify(body).slice(0, 200)}`, res.status);
        expect(res.status).toBeLessThan(500);
        const after = await clientCount();
        expect(after - before).toBe(res.status === 201 ? 1 : 0);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("Client ID Metadata Documents: no 5xx; a refused document registers nothing", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(metadata, fc.boolean(), async (doc, rightId) => {
        const path = `/fuzz-${n++}.json`;
        documents.set(path, JSON.stringify({ ...doc, ...(rightId ? { client_id: `${docBase}${path}` } : {}) }));
        const before = await clientCount();
        const url = new URL(`${server.url}/auth`);
        url.search = new URLSearchParams({
          client_id: `${docBase}${path}`, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code",
          code_challenge: pkce().challenge, code_challenge_method: "S256",
        }).toString();
        const res = await fetch(url, { redirect: "manual" });
        tally.record(`CIMD ${documents.get(path)!.slice(0, 200)}`, res.status);
        expect(res.status).toBeLessThan(500);
        const registered = (await server.prisma.client.count({ where: { id: `${docBase}${path}` } })) === 1;
        expect(await clientCount()).toBe(before + (registered ? 1 : 0));
        // Registered only when the authorization went on (to sign-in), never on a refusal.
        if (registered) expect(res.status).toBe(303);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("admin bodies: no 5xx; a refused create writes nothing", async () => {
    const targets = [
      { path: "/servers", count: () => server.prisma.mcpServer.count() },
      { path: "/roles", count: () => server.prisma.role.count() },
      { path: "/clients", count: () => server.prisma.client.count() },
      { path: "/users", count: () => server.prisma.user.count() },
      { path: "/identity-providers", count: () => server.prisma.identityProvider.count() },
    ];
    const body = fc.record(
      {
        name: anyString, resourceUri: uri, email: fc.oneof(fc.emailAddress(), anyString), slug: anyString, issuer: uri, clientId: anyString,
        scopes: fc.oneof(fc.array(fc.record({ name: anyString }), { maxLength: 2 }), anyJson), scopeIds: anyJson, roleIds: anyJson,
        redirectUris: fc.oneof(fc.array(uri, { maxLength: 2 }), anyJson), accessTokenTtl: fc.oneof(fc.integer(), fc.double(), anyJson), kind: anyJson, extra: anyJson,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async (target, value) => {
        const before = await target.count();
        const res = await api.post(target.path, value);
        tally.record(`POST ${target.path} ${JSON.stringify(value).slice(0, 200)}`, res.status);
        expect(res.status).toBeLessThan(500);
        expect((await target.count()) - before).toBe(res.status === 201 ? 1 : 0);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("query strings of every list: no 5xx", async () => {
    const lists = ["/servers", "/roles", "/clients", "/users", "/approvals", "/consents", "/delegations", "/exchange-policies", "/identity-providers", "/audit", "/audit/export", "/audit/stats"];
    const params = fc.dictionary(
      fc.constantFrom("page", "pageSize", "q", "status", "kind", "from", "to", "cursor", "limit", "after", "days", "type", "decision", "serverId", "roleId", "userId", "enabled"),
      fc.oneof(anyString, fc.integer().map(String), fc.double().map(String), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString()))),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), params, async (list, query) => {
        const search = Object.entries(query).map(([k, v]) => `${k}=${encodeLoosely(v)}`).join("&");
        // Raw: some lists answer NDJSON (the audit export), not one JSON document.
        const res = await fetch(`${server.url}/api/admin${list}?${search}`, { headers: { authorization: `Bearer ${bearer}` } });
        await res.arrayBuffer();
        tally.record(`GET ${list}?${search.slice(0, 200)}`, res.status);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
