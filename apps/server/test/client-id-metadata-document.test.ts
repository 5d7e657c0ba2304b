import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { authorize, json, pkce, tokenRequest } from "./helpers/oauth.js";
import { cimdFetch } from "../src/oidc/cimd.js";
import type { ProviderInputs } from "../src/oidc/oidc-deps.js";

const RESOURCE = "https://cimd.example.com/mcp";
const cert = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-key.pem", import.meta.url)));
const user = { email: "cimd-user@example.com", password: "cimd-user-password" };

/** Documents served over https on loopback, by path. */
const documents = new Map<string, { status?: number; type?: string; body: string; delayMs?: number }>();
/** Paths the document server was asked for. */
const requested: string[] = [];
let docServer: Server;
let docBase: string;
let server: TestServer;

/** fetch that trusts the fixture certificate (Node's bundled undici Agent, as oidc-provider uses). */
function trustingFetch(): typeof fetch {
  const Agent = (globalThis as Record<symbol, { constructor: new (o: object) => unknown } | undefined>)[Symbol.for("undici.globalDispatcher.1")]!.constructor;
  const dispatcher = new Agent({ connect: { ca: cert } });
  return ((url: string | URL, init: RequestInit = {}) => fetch(url, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}

const doc = (path: string, overrides: Record<string, unknown> = {}) => ({
  client_id: `${docBase}${path}`,
  client_name: "Doc client",
  redirect_uris: ["http://127.0.0.1:8123/callback"],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
  ...overrides,
});

beforeAll(async () => {
  docServer = createServer({ cert, key }, (req, res) => {
    requested.push(req.url ?? "");
    const entry = documents.get(req.url ?? "");
    const send = () => {
      if (!entry) return res.writeHead(404).end();
      res.writeHead(entry.status ?? 200, { "content-type": entry.type ?? "application/json", "cache-control": "max-age=60" }).end(entry.body);
    };
    if (entry?.delayMs) setTimeout(send, entry.delayMs);
    else send();
  });
  await new Promise<void>((r) => docServer.listen(0, "127.0.0.1", () => r()));
  docBase = `https://127.0.0.1:${(docServer.address() as { port: number }).port}`;
  await fetch(`${docBase}/`).catch(() => undefined); // initialise Node's global dispatcher

  server = await startTestServer({ env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true" }, fetch: trustingFetch() });
  const api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "CIMD", scopes: [{ name: "cimd:read" }] })).body;
  const role = (await api.post("/roles", { name: "cimd-reader", scopeIds: [srv.scopes[0].id] })).body;
  await api.patch(`/servers/${srv.id}`, { defaultRoleId: role.id, version: 1 });
  await api.post("/users", { ...user, roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => docServer?.close(() => r()));
});

async function authorizeWith(clientId: string) {
  const url = new URL(`${server.url}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code", resource: RESOURCE,
    code_challenge: pkce().challenge, code_challenge_method: "S256",
  }).toString();
  return fetch(url, { redirect: "manual" });
}

describe("Client ID Metadata Documents", () => {
  it("resolve an https client_id to its document, end to end, and list the client with the default role", async () => {
    // A document may name the MCP server's scopes; roles decide what the client gets regardless.
    documents.set("/good.json", { body: JSON.stringify(doc("/good.json", { scope: "cimd:read cimd:write" })) });
    const clientId = `${docBase}/good.json`;
    const flow = await authorize(server.url, { clientId, redirectUri: "http://127.0.0.1:8123/callback", resource: RESOURCE, user });
    expect(flow.consentShown).toBe(true);
    const code = flow.callback.searchParams.get("code")!;
    const token = await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: flow.verifier, redirect_uri: "http://127.0.0.1:8123/callback", client_id: clientId });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe("cimd:read");
    const row = await server.prisma.client.findUnique({ where: { id: clientId }, include: { roles: { include: { role: true } } } });
    expect(row).toMatchObject({ kind: "cimd", status: "active", name: "Doc client" });
    // No role of its own: the server's default role is its ceiling, read at every token.
    expect(row!.roles).toEqual([]);
  });

  it("enforces the document's redirect URIs", async () => {
    documents.set("/redirects.json", { body: JSON.stringify(doc("/redirects.json", { redirect_uris: ["http://127.0.0.1:8999/elsewhere"] })) });
    const res = await authorizeWith(`${docBase}/redirects.json`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("redirect_uri");
  });

  it("refuses documents whose client_id differs from their URL, HTML, errors, slow servers and dangerous redirects — storing nothing", async () => {
    documents.set("/mismatch.json", { body: JSON.stringify(doc("/other.json")) });
    documents.set("/html.json", { type: "text/html", body: "<html>hello</html>" });
    documents.set("/missing.json", { status: 404, body: "" });
    documents.set("/slow.json", { delayMs: 4000, body: JSON.stringify(doc("/slow.json")) });
    documents.set("/evil-redirect.json", { body: JSON.stringify(doc("/evil-redirect.json", { redirect_uris: ["http://evil.example.com/cb"] })) });
    documents.set("/secret.json", { body: JSON.stringify(doc("/secret.json", { token_endpoint_auth_method: "client_secret_basic" })) });
    documents.set("/huge.json", { body: JSON.stringify(doc("/huge.json", { client_name: "x".repeat(10_000) })) });
    // The registration policy applies to documents as to DCR: no machine grants, bounded names.
    documents.set("/machine.json", { body: JSON.stringify(doc("/machine.json", { grant_types: ["authorization_code", "client_credentials"] })) });
    documents.set("/long-name.json", { body: JSON.stringify(doc("/long-name.json", { client_name: "n".repeat(101) })) });
    documents.set("/script-logo.json", { body: JSON.stringify(doc("/script-logo.json", { logo_uri: "javascript:alert(1)" })) });
    for (const path of ["/mismatch.json", "/html.json", "/missing.json", "/slow.json", "/evil-redirect.json", "/secret.json", "/huge.json", "/machine.json", "/long-name.json", "/script-logo.json"]) {
      const res = await authorizeWith(`${docBase}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("location"), path).toBeNull();
      expect(await server.prisma.client.findUnique({ where: { id: `${docBase}${path}` } }), path).toBeNull();
    }
  });

  it("get application_type as DCR does: inferred from loopback redirects, and a contradiction refused with its reason", async () => {
    documents.set("/native.json", { body: JSON.stringify(doc("/native.json")) });
    expect((await authorizeWith(`${docBase}/native.json`)).status).toBe(303);
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: `${docBase}/native.json` } });
    expect((row.metadata as { application_type: string }).application_type).toBe("native");

    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      ["/web-loopback.json", { application_type: "web" }, /application_type web/],
      ["/mixed.json", { redirect_uris: ["http://127.0.0.1:8123/callback", "https://app.example.com/cb"] }, /application_type is required/],
      ["/non-canonical.json", { redirect_uris: ["http://127.0.0.1:8123/callback", "HTTP://127.0.0.1:8123/other"] }, /canonical form/],
    ];
    for (const [path, overrides, reason] of refused) {
      documents.set(path, { body: JSON.stringify(doc(path, overrides)) });
      const res = await authorizeWith(`${docBase}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("location"), path).toBeNull();
      const page = await res.text();
      expect(page, path).toMatch(reason);
      expect(page, path).not.toMatch(/did not match/);
      expect(await server.prisma.client.findUnique({ where: { id: `${docBase}${path}` } }), path).toBeNull();
    }
  });

  it("refuse an http:// client_id with a page and a log line that say why", async () => {
    const lines: string[] = [];
    const logged = await startTestServer({ env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true", LOG_LEVEL: "warn" }, logStream: { write: (l) => void lines.push(l) } });
    try {
      const clientId = "http://127.0.0.1:9/client.json";
      const url = new URL(`${logged.url}/auth`);
      url.search = new URLSearchParams({
        client_id: clientId, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code", resource: RESOURCE,
        code_challenge: pkce().challenge, code_challenge_method: "S256",
      }).toString();
      const res = await fetch(url, { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/must be served over https/);
      const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.clientId === clientId);
      expect(line?.msg).toMatch(/must be served over https/);
      expect(await logged.prisma.client.count({ where: { id: clientId } })).toBe(0);
    } finally {
      await logged.close();
    }
  });

  it("are refused from private addresses unless explicitly allowed for development", async () => {
    // The production fetch: oidc-provider's SSRF-guarding dispatcher stays in place. The fixture's
    // certificate is accepted for this test only, so that it is the guard (not TLS) that refuses:
    // the document server never sees the request.
    const strict = await startTestServer();
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      documents.set("/private.json", { body: JSON.stringify(doc("/private.json")) });
      const url = new URL(`${strict.url}/auth`);
      url.search = new URLSearchParams({
        client_id: `${docBase}/private.json`, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code",
        code_challenge: pkce().challenge, code_challenge_method: "S256",
      }).toString();
      const res = await fetch(url, { redirect: "manual", headers: { accept: "application/json" } });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toMatch(/invalid_client/);
      const meta = await json(await fetch(`${strict.url}/.well-known/oauth-authorization-server`));
      expect(meta.client_id_metadata_document_supported).toBe(true);
      expect(requested).not.toContain("/private.json");
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      await strict.close();
    }
  });

  it("limits new clients per address like Dynamic Client Registration: 429 with Retry-After, nothing stored", async () => {
    const limited = await startTestServer({ env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true", TOOLGATE_DCR_RATE_LIMIT: "2" }, fetch: trustingFetch() });
    try {
      const start = (path: string) => {
        documents.set(path, { body: JSON.stringify(doc(path)) });
        const url = new URL(`${limited.url}/auth`);
        url.search = new URLSearchParams({
          client_id: `${docBase}${path}`, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code", resource: RESOURCE,
          code_challenge: pkce().challenge, code_challenge_method: "S256",
        }).toString();
        return fetch(url, { redirect: "manual", headers: { accept: "application/json" } });
      };
      expect((await start("/limit-1.json")).status).toBe(303);
      expect((await start("/limit-2.json")).status).toBe(303);
      const third = await start("/limit-3.json");
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("60");
      expect(await third.text()).toContain("too many new clients from this address");
      expect(requested).not.toContain("/limit-3.json");
      expect(await limited.prisma.client.findUnique({ where: { id: `${docBase}/limit-3.json` } })).toBeNull();
      // Clients it already knows are not affected.
      expect((await start("/limit-1.json")).status).toBe(303);
    } finally {
      await limited.close();
    }
  });

  it("a disabled CIMD client stays out even though its document is still served", async () => {
    const clientId = `${docBase}/good.json`;
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: clientId } });
    await server.prisma.client.update({ where: { id: row.id }, data: { status: "disabled" } });
    const res = await authorizeWith(clientId);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("disabled");
  });
});

describe("the CIMD fetch", () => {
  it("keeps oidc-provider's SSRF-guarding dispatcher unless private addresses are explicitly allowed", async () => {
    const seen: unknown[] = [];
    const spy = (async (_url: string | URL, init?: RequestInit & { dispatcher?: unknown }) => {
      seen.push(init?.dispatcher);
      return new Response("{}");
    }) as typeof fetch;
    const guard = { name: "ssrf-guard" };
    const make = (allowPrivateAddresses: boolean) =>
      cimdFetch({ config: { cimd: { enabled: true, allowPrivateAddresses } }, fetch: spy } as unknown as ProviderInputs);
    // oidc-provider passes undici's `dispatcher` option, which the DOM RequestInit type lacks.
    await make(false)("https://example.com/doc.json", { dispatcher: guard } as RequestInit);
    await make(true)("https://example.com/doc.json", { dispatcher: guard } as RequestInit);
    expect(seen).toEqual([guard, undefined]);
  });
});
