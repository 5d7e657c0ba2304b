import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "./helpers/test-server.js";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import { basicAuth, decodeJwt, expectOAuthError, json, tokenRequest } from "./helpers/oauth.js";

const RESEARCH = "https://research.example.com/mcp";
let server: TestServer;
let api: AdminApi;

beforeAll(async () => ({ server, api } = await startWithAdminApi()));
afterAll(() => server?.close());

async function createServer(resourceUri: string, scopes: string[] = []) {
  const res = await api.post("/servers", { resourceUri, name: `Server ${resourceUri}`, scopes: scopes.map((name) => ({ name })) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("admin authentication", () => {
  it("refuses requests without a token, with a challenge pointing at the admin API's metadata", async () => {
    const res = await fetch(`${server.url}/api/admin/servers`);
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate")!;
    expect(challenge).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/api/admin"`);
    expect(challenge).not.toContain("error=");
    const prm = await json(await fetch(`${server.url}/.well-known/oauth-protected-resource/api/admin`));
    expect(prm).toMatchObject({ resource: `${server.url}/api/admin`, authorization_servers: [server.url], scopes_supported: ["toolgate:admin"] });
  });

  it("refuses malformed, forged and foreign-audience tokens", async () => {
    for (const authorization of ["Bearer", "Basic abc", "Bearer a b", "Bearer not-a-jwt", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]) {
      const res = await fetch(`${server.url}/api/admin/servers`, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/error="invalid_(token|request)"/);
    }
    // A real token, for an MCP server: not for the admin API.
    const research = await createServer("https://aud-test.example.com/mcp", ["aud:read"]);
    const role = (await api.post("/roles", { name: "aud-reader", scopeIds: [research.scopes[0].id] })).body;
    const agent = (await api.post("/clients", { kind: "agent", name: "Aud agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
    const token = await tokenRequest(server.url, { grant_type: "client_credentials", resource: research.resourceUri }, basicAuth(agent.id, agent.clientSecret));
    const res = await fetch(`${server.url}/api/admin/servers`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    expect(res.status).toBe(401);
  });

  it("answers 403 insufficient_scope to a token for the admin API without the admin scope", async () => {
    const adminServer = (await api.get("/servers?q=admin")).body.items.find((s: { builtIn: boolean }) => s.builtIn);
    const readScope = (await api.post(`/servers/${adminServer.id}/scopes`, { name: "toolgate:read" })).body;
    const role = (await api.post("/roles", { name: "toolgate-reader", scopeIds: [readScope.id] })).body;
    const reader = (await api.post("/clients", { kind: "agent", name: "Reader", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
    const token = await tokenRequest(server.url, { grant_type: "client_credentials", resource: `${server.url}/api/admin` }, basicAuth(reader.id, reader.clientSecret));
    expect(token.body.scope).toBe("toolgate:read");
    const res = await fetch(`${server.url}/api/admin/servers`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });
});

describe("MCP servers", () => {
  it("creates, reads, lists, updates and deletes", async () => {
    const created = await createServer(RESEARCH, ["research:browse", "research:export", "research:purge"]);
    expect(created).toMatchObject({ resourceUri: RESEARCH, accessTokenTtl: 300, builtIn: false, version: 1 });
    expect(created.scopes.map((s: { name: string }) => s.name)).toEqual(["research:browse", "research:export", "research:purge"]);

    const list = await api.get("/servers?q=research&pageSize=10");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 10 });
    expect(list.body.items.some((s: { id: string }) => s.id === created.id)).toBe(true);

    const updated = await api.patch(`/servers/${created.id}`, { name: "Research", accessTokenTtl: 600, version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Research", accessTokenTtl: 600, version: 2 });

    const metadata = await json(await fetch(`${server.url}/api/resources/${created.id}/metadata`));
    expect(metadata).toMatchObject({ resource: RESEARCH, authorization_servers: [server.url], scopes_supported: ["research:browse", "research:export", "research:purge"] });
    const byUri = await json(await fetch(`${server.url}/api/resources/metadata?resource=${encodeURIComponent(`${RESEARCH}/`)}`));
    expect(byUri.resource).toBe(RESEARCH);
  });

  it("validates bodies and names the field at fault", async () => {
    const cases: Array<[unknown, string]> = [
      [{ resourceUri: "http://evil.example.com/mcp", name: "x" }, "resourceUri"],
      [{ resourceUri: "https://a.example.com/mcp#frag", name: "x" }, "resourceUri"],
      [{ resourceUri: "/relative", name: "x" }, "resourceUri"],
      [{ resourceUri: "https://a.example.com/mcp", name: "" }, "name"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x".repeat(101) }, "name"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x", accessTokenTtl: 10 }, "accessTokenTtl"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x", accessTokenTtl: "300" }, "accessTokenTtl"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x", unexpected: true }, "unexpected"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x", scopes: [{ name: "ok", extra: 1 }] }, "scopes.0.extra"],
      [{ resourceUri: "https://a.example.com/mcp", name: "x", scopes: [{ name: "has space" }] }, "scopes.0.name"],
    ];
    for (const [body, field] of cases) {
      const res = await api.post("/servers", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe("validation.failed");
      if (field) expect(res.body.fields.map((f: { path: string }) => f.path), JSON.stringify(res.body)).toContain(field);
    }
    // zod reports unknown keys on the object; the handler names each key (console shows it as a form error).
    const unknown = await api.post("/servers", { resourceUri: "https://a.example.com/mcp", name: "x", unexpected: true, other: 1 });
    expect(unknown.body).toEqual({
      code: "validation.failed",
      message: "unexpected: is not allowed; other: is not allowed",
      fields: [{ path: "unexpected", message: "is not allowed" }, { path: "other", message: "is not allowed" }],
    });
    expect((await api.get("/servers?colour=blue")).body.fields).toEqual([{ path: "querystring.colour", message: "is not allowed" }]);
    expect((await api.post("/servers", "{not json")).status).toBe(400);
    expect((await api.get("/servers/not-a-uuid")).status).toBe(400);
    expect((await api.get("/servers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).status).toBe(404);
    expect((await api.get("/servers?pageSize=100000")).status).toBe(400);
  });

  it("accepts http resource URIs on loopback only", async () => {
    expect((await api.post("/servers", { resourceUri: "http://127.0.0.1:3000/mcp", name: "Local" })).status).toBe(201);
    expect((await api.post("/servers", { resourceUri: "http://localhost:3001/mcp", name: "Local 2" })).status).toBe(201);
  });

  it("refuses a duplicate resource URI with 409", async () => {
    const res = await api.post("/servers", { resourceUri: RESEARCH, name: "Again" });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("resource.conflict");
  });

  it("never loses a concurrent update: the second writer with a stale version gets 409", async () => {
    const srv = await createServer("https://concurrent.example.com/mcp");
    const [a, b] = await Promise.all([
      api.patch(`/servers/${srv.id}`, { description: "first", version: 1 }),
      api.patch(`/servers/${srv.id}`, { description: "second", version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe("resource.version_mismatch");
  });

  it("protects the built-in admin API", async () => {
    const builtIn = (await api.get("/servers")).body.items.find((s: { builtIn: boolean }) => s.builtIn);
    expect(builtIn.resourceUri).toBe(`${server.url}/api/admin`);
    expect((await api.delete(`/servers/${builtIn.id}`)).status).toBe(403);
    expect((await api.patch(`/servers/${builtIn.id}`, { name: "Mine", version: builtIn.version })).status).toBe(403);
  });

  it("refuses to delete a server whose scopes roles still grant, unless forced", async () => {
    const srv = await createServer("https://doomed.example.com/mcp", ["doomed:use"]);
    const role = (await api.post("/roles", { name: "doomed-user", scopeIds: [srv.scopes[0].id] })).body;
    const refused = await api.delete(`/servers/${srv.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "resource.in_use", details: { roles: ["doomed-user"], scopes: ["doomed:use"] } });
    expect((await api.delete(`/servers/${srv.id}?force=true`)).status).toBe(204);
    expect((await api.get(`/roles/${role.id}`)).body.scopes).toEqual([]);
    expect((await api.get(`/servers/${srv.id}`)).status).toBe(404);
  });
});

describe("scopes and tools", () => {
  it("manage tools behind scopes, and refuse to delete a scope in use with what uses it", async () => {
    const srv = await createServer("https://tools.example.com/mcp", ["tools:read"]);
    const scopeId = srv.scopes[0].id;
    const tool = await api.post(`/servers/${srv.id}/tools`, { name: "browse", scopeId, readOnly: true, inputSchema: { type: "object" } });
    expect(tool.status).toBe(201);
    expect(tool.body).toMatchObject({ name: "browse", scopeName: "tools:read", readOnly: true });

    const inUse = await api.delete(`/scopes/${scopeId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.details.tools).toEqual(["browse"]);

    const other = await createServer("https://other-tools.example.com/mcp", ["other:x"]);
    const foreign = await api.patch(`/tools/${tool.body.id}`, { scopeId: other.scopes[0].id, version: 1 });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields[0].path).toBe("scopeId");

    const write = (await api.post(`/servers/${srv.id}/scopes`, { name: "tools:write", description: "Change things" })).body;
    const moved = await api.patch(`/tools/${tool.body.id}`, { scopeId: write.id, readOnly: false, inputSchema: null, version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ scopeName: "tools:write", readOnly: false, inputSchema: null, version: 2 });
    expect((await api.delete(`/scopes/${scopeId}`)).status).toBe(204);
    expect((await api.post(`/servers/${srv.id}/tools`, { name: "browse", scopeId: write.id })).status).toBe(409);
    expect((await api.post(`/servers/${srv.id}/tools`, { name: "bad name!", scopeId: write.id })).status).toBe(400);
    expect((await api.delete(`/tools/${tool.body.id}`)).status).toBe(204);
  });

  it("imports tools from a pasted tools/list result", async () => {
    const srv = await createServer("https://import.example.com/mcp");
    const toolsList = {
      tools: [
        { name: "browse", description: "Browse papers", inputSchema: { type: "object", properties: { q: { type: "string" } } }, annotations: { readOnlyHint: true } },
        { name: "export", description: "Export results", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } },
        { name: "purge", description: "Delete everything", inputSchema: { type: "object" }, annotations: { destructiveHint: true } },
      ],
    };
    const res = await api.post(`/servers/${srv.id}/tools/import`, { result: toolsList, scopeStrategy: "read-write", scopePrefix: "imp" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ created: ["browse", "export", "purge"], updated: [], scopesCreated: ["imp:read", "imp:write"] });
    const again = await api.post(`/servers/${srv.id}/tools/import`, { result: toolsList, scopeStrategy: "per-tool", scopePrefix: "imp" });
    expect(again.body.updated).toEqual(["browse", "export", "purge"]);
    const detail = (await api.get(`/servers/${srv.id}`)).body;
    expect(detail.tools.map((t: { name: string; scopeName: string }) => `${t.name}:${t.scopeName}`)).toEqual(["browse:imp:browse", "export:imp:export", "purge:imp:purge"]);
    expect((await api.post(`/servers/${srv.id}/tools/import`, { result: { tools: [{ name: "x y" }] } })).status).toBe(400);
  });
});

describe("roles, clients, users and the scope decision", () => {
  it("gives the analyst browse and export but never purge, and applies a role change to the next token", async () => {
    const srv = (await api.get("/servers?q=research")).body.items.find((s: { resourceUri: string }) => s.resourceUri === RESEARCH);
    const detail = (await api.get(`/servers/${srv.id}`)).body;
    const scope = (name: string) => detail.scopes.find((s: { name: string }) => s.name === name).id;
    const analyst = (await api.post("/roles", { name: "analyst", scopeIds: [scope("research:browse"), scope("research:export")] })).body;
    expect(analyst.scopes.map((s: { name: string }) => s.name)).toEqual(["research:browse", "research:export"]);

    const agent = await api.post("/clients", { kind: "agent", name: "Report agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [analyst.id] });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(agent.body.clientSecret).toBeTypeOf("string");
    const auth = basicAuth(agent.body.id, agent.body.clientSecret);
    expect((await api.get(`/clients/${agent.body.id}`)).body.clientSecret).toBeUndefined();

    const first = await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESEARCH }, auth);
    expect(String(first.body.scope).split(" ").sort()).toEqual(["research:browse", "research:export"]);
    expect(decodeJwt(String(first.body.access_token)).payload).toMatchObject({ sub: agent.body.id, aud: RESEARCH });
    expectOAuthError(await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESEARCH, scope: "research:purge" }, auth), "invalid_scope");
    expectOAuthError(await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESEARCH, scope: "research:nonexistent" }, auth), "invalid_scope");

    const changed = await api.patch(`/roles/${analyst.id}`, { scopeIds: [scope("research:browse"), scope("research:purge")], version: analyst.version });
    expect(changed.status).toBe(200);
    const next = await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESEARCH }, auth);
    expect(String(next.body.scope).split(" ").sort()).toEqual(["research:browse", "research:purge"]);

    const unbound = await api.delete(`/clients/${agent.body.id}/roles/${analyst.id}`);
    expect(unbound.body.roles).toEqual([]);
    expectOAuthError(await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESEARCH }, auth), "invalid_scope");
    const rebound = await api.put(`/clients/${agent.body.id}/roles/${analyst.id}`);
    expect(rebound.body.roles.map((r: { name: string }) => r.name)).toEqual(["analyst"]);
  });

  it("creates pre-registered clients with a fixed client_id and validated redirect URIs", async () => {
    const ok = await api.post("/clients", { clientId: "claude-connector", name: "Claude", redirectUris: ["https://claude.ai/api/mcp/auth_callback"] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ id: "claude-connector", kind: "application", authMethod: "none", redirectUris: ["https://claude.ai/api/mcp/auth_callback"] });
    expect(ok.body.clientSecret).toBeUndefined();
    expect((await api.post("/clients", { clientId: "claude-connector", name: "Again", redirectUris: ["https://x.example.com/cb"] })).status).toBe(409);
    for (const uri of ["http://evil.example.com/cb", "javascript:alert(1)", "https://x.example.com/cb#frag", "https://*.example.com/cb"]) {
      const res = await api.post("/clients", { name: "Bad", redirectUris: [uri] });
      expect(res.status, uri).toBe(400);
      expect(res.body.fields[0].path).toMatch(/^redirectUris/);
    }
    expect((await api.post("/clients", { name: "No redirect" })).status).toBe(400);
    expect((await api.post("/clients", { name: "Public cc", grantTypes: ["client_credentials"] })).status).toBe(400);
  });

  it("rotates a secret: the new one works at once, the old one during the grace period", async () => {
    const agent = (await api.post("/clients", { kind: "agent", name: "Rotating", authMethod: "client_secret_basic", grantTypes: ["client_credentials"] })).body;
    const rotated = await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 3600 });
    expect(rotated.status).toBe(200);
    const adminServer = (await api.get("/servers")).body.items.find((s: { builtIn: boolean }) => s.builtIn);
    const check = (secret: string) => fetch(`${server.url}/token/introspection`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth(agent.id, secret) },
      body: "token=x",
    }).then((r) => r.status);
    expect(adminServer).toBeTruthy();
    expect(await check(rotated.body.clientSecret)).toBe(200);
    expect(await check(agent.clientSecret)).toBe(200);
    const noGrace = await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 0 });
    expect(await check(rotated.body.clientSecret)).toBe(401);
    expect(await check(noGrace.body.clientSecret)).toBe(200);
  });

  it("manages users without ever exposing passwords, and keeps at least one administrator", async () => {
    const created = await api.post("/users", { email: "Bob@Example.com", name: "Bob", password: "bob-password-123" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ email: "bob@example.com", hasPassword: true, status: "active" });
    expect(JSON.stringify(created.body)).not.toContain("bob-password-123");
    expect((await api.post("/users", { email: "bob@example.com" })).status).toBe(409);
    expect((await api.post("/users", { email: "not-an-email" })).status).toBe(400);
    expect((await api.post("/users", { email: "short@example.com", password: "short" })).body.fields[0].path).toBe("password");

    const updated = await api.patch(`/users/${created.body.id}`, { status: "disabled", password: "another-password-456", version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe("disabled");

    const admins = (await api.get("/users?q=admin@example.com")).body.items;
    expect(admins).toHaveLength(1);
    const lastAdmin = await api.patch(`/users/${admins[0].id}`, { status: "disabled", version: admins[0].version });
    expect(lastAdmin.status).toBe(409);
    expect((await api.delete(`/users/${created.body.id}`)).status).toBe(204);
  });
});

describe("settings", () => {
  it("reads what admins set and what the deployment fixed; only the former can change", async () => {
    const settings = (await api.get("/settings")).body;
    expect(settings).toEqual({
      registrationDefaultRoleId: null,
      defaultResourceServerId: null,
      deployment: {
        registration: "open", clientIdMetadataDocuments: true, registrationsPerMinute: 20, dormantClientDays: 30,
        auditRetentionDays: 90, refreshTokenTtlSeconds: 14 * 24 * 3600, sessionTtlSeconds: 24 * 3600,
      },
    });
    const refused = await api.patch("/settings", { deployment: { registration: "off" } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("validation.failed");
  });
});

describe("audit of admin changes", () => {
  it("records who changed what, with before and after, and never a secret or password", async () => {
    const srv = await createServer("https://audited.example.com/mcp");
    await api.patch(`/servers/${srv.id}`, { name: "Audited", version: 1 });
    const events = await server.prisma.auditEvent.findMany({ where: { type: { startsWith: "admin." } }, orderBy: { id: "asc" } });
    const update = events.find((e) => e.type === "admin.server.updated" && (e.details as { target: string }).target === srv.id)!;
    expect(update.subject).toBe("test-admin-automation");
    expect(update.clientId).toBe("test-admin-automation");
    const details = update.details as { before: { name: string }; after: { name: string } };
    expect(details.before.name).toBe("Server https://audited.example.com/mcp");
    expect(details.after.name).toBe("Audited");
    expect(events.some((e) => e.type === "admin.client.created")).toBe(true);
    expect(events.some((e) => e.type === "admin.user.updated")).toBe(true);
    const all = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(all).not.toContain("bob-password-123");
    expect(all).not.toContain("another-password-456");
    expect(all).not.toMatch(/clientSecret/);
  });
});

describe("OpenAPI", () => {
  it("documents the admin API", async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/admin/servers", "/api/admin/servers/{id}", "/api/admin/roles", "/api/admin/clients", "/api/admin/users"]));
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/token"))).toBe(false);
    expect(doc.paths["/api/admin/servers"].post.requestBody).toBeTruthy();
  });
});
