import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { json, pkce } from "./helpers/oauth.js";

/**
 * A self-registered client an admin disabled or denied stays out: registering the same software
 * again (another loopback port, another auth method, the same software_id) is refused until an
 * admin lifts the block (docs/security.md, "Client registration").
 */
let server: TestServer;
let api: AdminApi;
const cert = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-key.pem", import.meta.url)));
const documents = new Map<string, string>();
let docServer: Server;
let docBase: string;

function trustingFetch(): typeof fetch {
  const Agent = (globalThis as Record<symbol, { constructor: new (o: object) => unknown } | undefined>)[Symbol.for("undici.globalDispatcher.1")]!.constructor;
  const dispatcher = new Agent({ connect: { ca: cert } });
  return ((url: string | URL, init: RequestInit = {}) => fetch(url, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}

const register = async (body: Record<string, unknown>) => {
  const res = await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: await json(res) };
};
const software = (name: string, port: number, extra: Record<string, unknown> = {}) => ({
  client_name: name,
  redirect_uris: [`http://127.0.0.1:${port}/callback`, `http://localhost:${port}/callback`],
  token_endpoint_auth_method: "none",
  application_type: "native",
  ...extra,
});
const client = async (id: string) => (await api.get(`/clients/${encodeURIComponent(id)}`)).body;

beforeAll(async () => {
  docServer = createServer({ cert, key }, (req, res) => {
    const body = documents.get(req.url ?? "");
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" }).end(body);
  });
  await new Promise<void>((r) => docServer.listen(0, "127.0.0.1", () => r()));
  docBase = `https://127.0.0.1:${(docServer.address() as { port: number }).port}`;
  await fetch(`${docBase}/`).catch(() => undefined); // initialise Node's global dispatcher
  ({ server, api } = await startWithAdminApi({ env: { TOOLGATE_DCR_RATE_LIMIT: "1000", TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true" }, fetch: trustingFetch() }));
  await api.post("/servers", { resourceUri: "https://cimd.blocks.example/mcp", name: "Docs", scopes: [{ name: "docs:read" }] });
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => docServer?.close(() => r()));
});

describe("registration blocks", () => {
  it("a disabled client's software cannot register again under a new client_id until an admin lifts the block", async () => {
    const first = await register(software("Blocked tool", 6001));
    expect(first.status).toBe(201);
    const id = String(first.body.client_id);
    const before = await client(id);
    expect(before.registrationBlocked).toBe(false);
    expect((await api.patch(`/clients/${encodeURIComponent(id)}`, { status: "disabled", version: before.version })).status).toBe(200);
    expect((await client(id)).registrationBlocked).toBe(true);

    // The same software in every guise that differs only in what varies between installs.
    const guises: [string, Record<string, unknown>][] = [
      ["another loopback port", software("Blocked tool", 6002)],
      ["no port at all", software("Blocked tool", 0, { redirect_uris: ["http://127.0.0.1/callback", "http://localhost/callback"] })],
      ["a new version", software("Blocked tool", 6003, { software_version: "2.0" })],
      ["a resource scope", software("Blocked tool", 6004, { scope: "anything:read" })],
      ["the same port (identical)", software("Blocked tool", 6001)],
    ];
    for (const [guise, body] of guises) {
      const again = await register(body);
      expect(again.status, guise).toBe(400);
      expect(again.body.error, guise).toBe("invalid_client_metadata");
      expect(again.body.error_description, guise).toMatch(/blocked registrations of this software|identical client was disabled/);
    }
    // Other software is not affected.
    expect((await register(software("Some other tool", 6002))).status).toBe(201);
    const kinds = await server.prisma.client.count({ where: { name: "Blocked tool" } });
    expect(kinds).toBe(1);
    await server.toolgate.audit.flush();
    expect(await server.prisma.auditEvent.count({ where: { type: "client.registration_refused", clientId: id } })).toBeGreaterThanOrEqual(4);

    // Lifting the block lets the software register again; the disabled client stays disabled.
    const lifted = await api.delete(`/clients/${encodeURIComponent(id)}/registration-block`);
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(lifted.body).toMatchObject({ registrationBlocked: false, status: "disabled" });
    const back = await register(software("Blocked tool", 6002));
    expect(back.status).toBe(201);
    expect(back.body.client_id).not.toBe(id);
    await server.toolgate.audit.flush();
    expect(await server.prisma.auditEvent.count({ where: { type: "admin.client.registration_unblocked", details: { path: ["target"], equals: id } } })).toBe(1);
  });

  it("a block matches the software_id whatever else the registrant changes", async () => {
    const first = await register(software("Sid tool", 6101, { software_id: "com.example.sid-tool" }));
    const id = String(first.body.client_id);
    await api.patch(`/clients/${encodeURIComponent(id)}`, { status: "disabled", version: (await client(id)).version });
    const renamed = await register({ client_name: "Totally different", redirect_uris: ["https://elsewhere.example.com/cb"], token_endpoint_auth_method: "client_secret_basic", software_id: "com.example.sid-tool" });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error).toBe("invalid_client_metadata");
    // Without the software_id, changed metadata is other software: self-registration proves nothing.
    expect((await register({ client_name: "Totally different", redirect_uris: ["https://elsewhere.example.com/cb"], token_endpoint_auth_method: "client_secret_basic" })).status).toBe(201);
  });

  it("blocks confidential registrations of blocked software too", async () => {
    const body = software("Secret tool", 6201, { token_endpoint_auth_method: "client_secret_basic" });
    const first = await register(body);
    const id = String(first.body.client_id);
    await api.patch(`/clients/${encodeURIComponent(id)}`, { status: "disabled", version: (await client(id)).version });
    expect((await register(software("Secret tool", 6202, { token_endpoint_auth_method: "client_secret_basic" }))).status).toBe(400);
  });

  it("denying a client for a server blocks its software's re-registration as well", async () => {
    const srv = (await api.post("/servers", { resourceUri: "https://closed.blocks.example/mcp", name: "Closed", requireApproval: true, scopes: [{ name: "closed:read" }] })).body;
    const first = await register(software("Denied tool", 6301));
    const id = String(first.body.client_id);
    const denied = await api.put(`/clients/${encodeURIComponent(id)}/approvals/${srv.id}`, { decision: "deny" });
    expect(denied.status, JSON.stringify(denied.body)).toBe(200);
    expect(denied.body.registrationBlocked).toBe(true);
    expect((await register(software("Denied tool", 6302))).status).toBe(400);
  });

  it("a disabled metadata-document client's software cannot come back from another URL", async () => {
    const metadata = { client_name: "Doc tool", redirect_uris: ["http://127.0.0.1:6501/callback"], token_endpoint_auth_method: "none" };
    const authorizeAs = async (path: string, port: number) => {
      const clientId = `${docBase}${path}`;
      documents.set(path, JSON.stringify({ ...metadata, client_id: clientId, redirect_uris: [`http://127.0.0.1:${port}/callback`] }));
      const url = new URL(`${server.url}/auth`);
      url.search = new URLSearchParams({
        client_id: clientId, redirect_uri: `http://127.0.0.1:${port}/callback`, response_type: "code", resource: "https://cimd.blocks.example/mcp",
        code_challenge: pkce().challenge, code_challenge_method: "S256",
      }).toString();
      return { clientId, res: await fetch(url, { redirect: "manual" }) };
    };
    const first = await authorizeAs("/doc-a.json", 6501);
    expect(first.res.status).toBe(303);
    await api.patch(`/clients/${encodeURIComponent(first.clientId)}`, { status: "disabled", version: (await client(first.clientId)).version });
    const second = await authorizeAs("/doc-b.json", 6502);
    expect(second.res.status).toBe(400);
    expect(await second.res.text()).toContain("blocked registrations of this software");
    expect(await server.prisma.client.findUnique({ where: { id: second.clientId } })).toBeNull();
    await api.delete(`/clients/${encodeURIComponent(first.clientId)}/registration-block`);
    const third = await authorizeAs("/doc-c.json", 6503);
    expect(third.res.status).toBe(303);
  });

  it("lifting a block on a client that has none, or on an unknown client, answers plainly", async () => {
    const ok = await register(software("Never blocked", 6401));
    const lifted = await api.delete(`/clients/${encodeURIComponent(String(ok.body.client_id))}/registration-block`);
    expect(lifted.status).toBe(200);
    expect(lifted.body.registrationBlocked).toBe(false);
    const unknown = await api.delete("/clients/no-such-client/registration-block");
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("resource.not_found");
  });
});
