import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "./helpers/test-server.js";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import { basicAuth, expectOAuthError, tokenRequest } from "./helpers/oauth.js";

/** Admin API: scopes, tools and roles read, changed and deleted by id; users' role bindings. */

const UNKNOWN_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
let server: TestServer;
let api: AdminApi;

beforeAll(async () => ({ server, api } = await startWithAdminApi()));
afterAll(() => server?.close());

interface ServerDetail {
  id: string;
  resourceUri: string;
  scopes: { id: string; name: string; version: number }[];
}

async function createServer(resourceUri: string, scopes: string[] = []): Promise<ServerDetail> {
  const res = await api.post("/servers", { resourceUri, name: `Server ${resourceUri}`, scopes: scopes.map((name) => ({ name })) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const scopeOf = (srv: ServerDetail, name: string) => srv.scopes.find((s) => s.name === name)!;
const paths = (res: { body: { fields?: { path: string }[] } }) => (res.body.fields ?? []).map((f) => f.path);

function expectInvalid(res: { status: number; body: { code: string; fields?: { path: string }[] } }, path: string, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.code).toBe("validation.failed");
  expect(paths(res), what).toContain(path);
}

describe("GET /api/admin/servers/:id/scopes and /tools", () => {
  it("lists a server's scopes and tools by name as pages, 404 for an unknown server, 400 for a malformed id", async () => {
    const srv = await createServer("https://listing.example.com/mcp", ["zeta:use", "alpha:use"]);
    const other = await createServer("https://listing-other.example.com/mcp", ["other:use"]);
    for (const name of ["write", "browse"]) {
      expect((await api.post(`/servers/${srv.id}/tools`, { name, scopeId: scopeOf(srv, "alpha:use").id })).status).toBe(201);
    }
    await api.post(`/servers/${other.id}/tools`, { name: "elsewhere", scopeId: other.scopes[0]!.id });

    const scopes = await api.get(`/servers/${srv.id}/scopes`);
    expect(scopes.status).toBe(200);
    expect(scopes.body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
    expect(scopes.body.items.map((s: { name: string }) => s.name)).toEqual(["alpha:use", "zeta:use"]);
    expect(scopes.body.items[0]).toMatchObject({ id: scopeOf(srv, "alpha:use").id, serverId: srv.id, description: "", version: 1 });

    const tools = await api.get(`/servers/${srv.id}/tools`);
    expect(tools.status).toBe(200);
    expect(tools.body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
    expect(tools.body.items.map((t: { name: string; scopeName: string }) => `${t.name}:${t.scopeName}`)).toEqual(["browse:alpha:use", "write:alpha:use"]);

    const empty = await createServer("https://listing-empty.example.com/mcp");
    expect((await api.get(`/servers/${empty.id}/scopes`)).body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
    expect((await api.get(`/servers/${empty.id}/tools`)).body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });

    for (const sub of ["scopes", "tools"]) {
      const missing = await api.get(`/servers/${UNKNOWN_ID}/${sub}`);
      expect(missing.status, sub).toBe(404);
      expect(missing.body.code).toBe("resource.not_found");
      expectInvalid(await api.get(`/servers/not-a-uuid/${sub}`), "params.id", sub);
    }
  });
});

describe("GET /api/admin/tools/:id", () => {
  it("reads a tool with its scope's name; 404 unknown, 400 malformed", async () => {
    const srv = await createServer("https://tool-read.example.com/mcp", ["read:all"]);
    const created = await api.post(`/servers/${srv.id}/tools`, {
      name: "search", title: "Search", description: "Full-text search", scopeId: srv.scopes[0]!.id, readOnly: true, inputSchema: { type: "object" },
    });
    expect(created.status).toBe(201);
    const res = await api.get(`/tools/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.body).toMatchObject({
      serverId: srv.id, name: "search", title: "Search", description: "Full-text search", scopeId: srv.scopes[0]!.id, scopeName: "read:all",
      readOnly: true, inputSchema: { type: "object" }, version: 1,
    });
    const missing = await api.get(`/tools/${UNKNOWN_ID}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("resource.not_found");
    expectInvalid(await api.get("/tools/42"), "params.id", "malformed id");
  });
});

describe("scopes by id", () => {
  it("GET reads a scope; 404 unknown, 400 malformed", async () => {
    const srv = await createServer("https://scope-read.example.com/mcp", ["docs:read"]);
    const res = await api.get(`/scopes/${srv.scopes[0]!.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: srv.scopes[0]!.id, serverId: srv.id, name: "docs:read", description: "", version: 1 });
    expect((await api.get(`/scopes/${UNKNOWN_ID}`)).status).toBe(404);
    expectInvalid(await api.get("/scopes/not-a-uuid"), "params.id", "malformed id");
  });

  it("PATCH renames and describes a scope, bumps its version, and tools show the new name", async () => {
    const srv = await createServer("https://scope-patch.example.com/mcp", ["docs:read", "docs:write"]);
    const scope = scopeOf(srv, "docs:read");
    const tool = (await api.post(`/servers/${srv.id}/tools`, { name: "fetch", scopeId: scope.id })).body;

    const renamed = await api.patch(`/scopes/${scope.id}`, { name: "docs:view", description: "  Read the docs  ", version: 1 });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ id: scope.id, name: "docs:view", description: "Read the docs", version: 2 });
    expect((await api.get(`/scopes/${scope.id}`)).body).toEqual(renamed.body);
    expect((await api.get(`/tools/${tool.id}`)).body.scopeName).toBe("docs:view");

    // Only the version: a no-op change still counts as one.
    expect((await api.patch(`/scopes/${scope.id}`, { version: 2 })).body).toMatchObject({ name: "docs:view", version: 3 });
  });

  it("PATCH with a stale version answers 409 and changes nothing", async () => {
    const srv = await createServer("https://scope-stale.example.com/mcp", ["stale:read"]);
    const id = srv.scopes[0]!.id;
    expect((await api.patch(`/scopes/${id}`, { description: "first", version: 1 })).status).toBe(200);
    const stale = await api.patch(`/scopes/${id}`, { description: "second", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("resource.version_mismatch");
    expect((await api.get(`/scopes/${id}`)).body).toMatchObject({ description: "first", version: 2 });

    const [a, b] = await Promise.all([
      api.patch(`/scopes/${id}`, { description: "a", version: 2 }),
      api.patch(`/scopes/${id}`, { description: "b", version: 2 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await api.get(`/scopes/${id}`)).body.version).toBe(3);
  });

  it("PATCH refuses a name another scope of the server has (409), allows it on another server", async () => {
    const srv = await createServer("https://scope-dup.example.com/mcp", ["dup:a", "dup:b"]);
    const other = await createServer("https://scope-dup-other.example.com/mcp", ["other:a"]);
    const taken = await api.patch(`/scopes/${scopeOf(srv, "dup:b").id}`, { name: "dup:a", version: 1 });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: "resource.conflict", details: { field: "name" } });
    expect((await api.get(`/scopes/${scopeOf(srv, "dup:b").id}`)).body).toMatchObject({ name: "dup:b", version: 1 });
    expect((await api.patch(`/scopes/${other.scopes[0]!.id}`, { name: "dup:a", version: 1 })).status).toBe(200);
  });

  it("PATCH validates the body and names the field; 404 for an unknown scope", async () => {
    const srv = await createServer("https://scope-invalid.example.com/mcp", ["valid:read"]);
    const id = srv.scopes[0]!.id;
    const cases: Array<[unknown, string]> = [
      [{ name: "has space", version: 1 }, "name"],
      [{ name: 'quote"d', version: 1 }, "name"],
      [{ name: "back\\slash", version: 1 }, "name"],
      [{ name: "", version: 1 }, "name"],
      [{ name: "x".repeat(101), version: 1 }, "name"],
      [{ name: "é:read", version: 1 }, "name"],
      [{ description: "d".repeat(2001), version: 1 }, "description"],
      [{ description: 42, version: 1 }, "description"],
      [{ description: "no version" }, "version"],
      [{ description: "bad version", version: 0 }, "version"],
      [{ description: "bad version", version: "1" }, "version"],
      [{ serverId: UNKNOWN_ID, version: 1 }, "serverId"],
    ];
    for (const [body, field] of cases) expectInvalid(await api.patch(`/scopes/${id}`, body), field, JSON.stringify(body).slice(0, 80));
    expect((await api.get(`/scopes/${id}`)).body).toMatchObject({ name: "valid:read", description: "", version: 1 });
    // The longest allowed values pass.
    expect((await api.patch(`/scopes/${id}`, { name: "n".repeat(100), description: "d".repeat(2000), version: 1 })).status).toBe(200);

    const missing = await api.patch(`/scopes/${UNKNOWN_ID}`, { description: "x", version: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("resource.not_found");
  });

  it("POST /servers/:id/scopes validates the name and description, and answers 404 for an unknown server", async () => {
    const srv = await createServer("https://scope-create.example.com/mcp");
    const cases: Array<[unknown, string]> = [
      [{ name: "has space" }, "name"],
      [{ name: "" }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{}, "name"],
      [{ name: "ok:scope", description: "d".repeat(2001) }, "description"],
      [{ name: "ok:scope", version: 1 }, "version"],
    ];
    for (const [body, field] of cases) expectInvalid(await api.post(`/servers/${srv.id}/scopes`, body), field, JSON.stringify(body).slice(0, 80));
    expect((await api.get(`/servers/${srv.id}/scopes`)).body.total).toBe(0);

    const created = await api.post(`/servers/${srv.id}/scopes`, { name: "ok:scope", description: "  fine  " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ serverId: srv.id, name: "ok:scope", description: "fine", version: 1 });
    expect((await api.post(`/servers/${UNKNOWN_ID}/scopes`, { name: "ok:scope" })).status).toBe(404);
  });

  it("keeps the built-in admin scope's name", async () => {
    const admin = (await api.get("/servers")).body.items.find((s: { builtIn: boolean }) => s.builtIn);
    const adminScope = (await api.get(`/servers/${admin.id}/scopes?q=toolgate:admin`)).body.items.find((s: { name: string }) => s.name === "toolgate:admin");
    const refused = await api.patch(`/scopes/${adminScope.id}`, { name: "toolgate:root", version: adminScope.version });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("resource.built_in");
    expect((await api.get(`/scopes/${adminScope.id}`)).body.name).toBe("toolgate:admin");
  });
});

describe("roles", () => {
  it("refuse unknown or malformed scope ids and bad names, naming the field, and change nothing", async () => {
    const srv = await createServer("https://role-invalid.example.com/mcp", ["ri:read"]);
    const known = srv.scopes[0]!.id;

    const unknown = await api.post("/roles", { name: "ri-unknown", scopeIds: [known, UNKNOWN_ID] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      code: "validation.failed", message: "scopeIds: contains unknown scopes", fields: [{ path: "scopeIds", message: "contains unknown scopes" }],
    });
    expect((await api.get("/roles?q=ri-unknown")).body.total).toBe(0);

    const cases: Array<[unknown, string]> = [
      [{ name: "ri-malformed", scopeIds: ["not-a-uuid"] }, "scopeIds.0"],
      [{ name: "ri-malformed", scopeIds: [known, 7] }, "scopeIds.1"],
      [{ name: "ri-malformed", scopeIds: known }, "scopeIds"],
      [{ name: "ri-malformed", scopeIds: Array.from({ length: 501 }, () => known) }, "scopeIds"],
      [{ name: "r".repeat(65) }, "name"],
      [{ name: "Upper-Case" }, "name"],
      [{ name: "-leading-dash" }, "name"],
      [{ name: "" }, "name"],
      [{ name: "ri-desc", description: "d".repeat(2001) }, "description"],
      [{ name: "ri-extra", builtIn: true }, "builtIn"],
    ];
    for (const [body, field] of cases) expectInvalid(await api.post("/roles", body), field, JSON.stringify(body).slice(0, 80));
    expect((await api.post("/roles", { name: "r".repeat(64) })).status).toBe(201);
    // The same scope twice is one grant.
    const twice = await api.post("/roles", { name: "ri-twice", scopeIds: [known, known] });
    expect(twice.status).toBe(201);
    expect(twice.body.scopes.map((s: { id: string }) => s.id)).toEqual([known]);

    const role = (await api.post("/roles", { name: "ri-role", scopeIds: [known] })).body;
    const patchUnknown = await api.patch(`/roles/${role.id}`, { name: "ri-renamed", scopeIds: [UNKNOWN_ID], version: role.version });
    expect(patchUnknown.status).toBe(400);
    expect(patchUnknown.body.fields).toEqual([{ path: "scopeIds", message: "contains unknown scopes" }]);
    // The whole change rolled back: neither the name nor the version moved.
    expect((await api.get(`/roles/${role.id}`)).body).toMatchObject({ name: "ri-role", version: role.version, scopes: [{ id: known }] });
    for (const [body, field] of [
      [{ scopeIds: ["nope"], version: role.version }, "scopeIds.0"],
      [{ name: "x".repeat(65), version: role.version }, "name"],
      [{ name: "ri-no-version" }, "version"],
    ] as Array<[unknown, string]>) {
      expectInvalid(await api.patch(`/roles/${role.id}`, body), field, JSON.stringify(body).slice(0, 80));
    }
    const stale = await api.patch(`/roles/${role.id}`, { description: "late", version: role.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("resource.version_mismatch");
  });

  it("DELETE removes a role: unbound from clients and users, no longer a server's default, and its scopes no longer granted", async () => {
    const research = "https://role-delete.example.com/mcp";
    const srv = await createServer(research, ["rd:read"]);
    const role = (await api.post("/roles", { name: "rd-reader", scopeIds: [srv.scopes[0]!.id] })).body;
    const keep = (await api.post("/roles", { name: "rd-keep" })).body;
    await api.patch(`/servers/${srv.id}`, { defaultRoleId: role.id, version: 1 });
    const agent = (await api.post("/clients", {
      kind: "agent", name: "RD agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id, keep.id],
    })).body;
    const user = (await api.post("/users", { email: "rd-user@example.com", roleIds: [role.id] })).body;
    const auth = basicAuth(agent.id, agent.clientSecret);
    expect((await tokenRequest(server.url, { grant_type: "client_credentials", resource: research }, auth)).body.scope).toBe("rd:read");

    const deleted = await api.delete(`/roles/${role.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await api.get(`/roles/${role.id}`)).status).toBe(404);
    expect((await api.get("/roles?q=rd-")).body.items.map((r: { name: string }) => r.name)).toEqual(["rd-keep"]);
    expect((await api.get(`/clients/${agent.id}`)).body.roles).toEqual([{ id: keep.id, name: "rd-keep" }]);
    expect((await api.get(`/users/${user.id}`)).body.roles).toEqual([]);
    expect((await api.get(`/servers/${srv.id}`)).body.defaultRoleId).toBeNull();
    expect((await api.get(`/scopes/${srv.scopes[0]!.id}`)).status).toBe(200);
    expectOAuthError(await tokenRequest(server.url, { grant_type: "client_credentials", resource: research }, auth), "invalid_scope");

    const again = await api.delete(`/roles/${role.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("resource.not_found");
    expectInvalid(await api.delete("/roles/not-a-uuid"), "params.id", "malformed id");
  });

  it("DELETE of the registration default role clears the setting, and registration keeps working", async () => {
    const role = (await api.post("/roles", { name: "rd-registration-default" })).body;
    expect((await api.patch("/settings", { registrationDefaultRoleId: role.id })).status).toBe(200);
    expect((await api.delete(`/roles/${role.id}`)).status).toBe(204);
    try {
      expect((await api.get("/settings")).body.registrationDefaultRoleId).toBeNull();
      const registered = await fetch(`${server.url}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "After delete", redirect_uris: ["http://127.0.0.1:6274/cb"], token_endpoint_auth_method: "none" }),
      });
      expect(registered.status).toBe(201);
    } finally {
      await api.patch("/settings", { registrationDefaultRoleId: null });
    }
  });

  it("DELETE refuses the built-in admin role", async () => {
    const admin = (await api.get("/roles")).body.items.find((r: { builtIn: boolean }) => r.builtIn);
    const refused = await api.delete(`/roles/${admin.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("resource.built_in");
    expect((await api.get(`/roles/${admin.id}`)).status).toBe(200);
  });
});

describe("PUT and DELETE /api/admin/users/:id/roles/:roleId", () => {
  it("binds and unbinds a role, idempotently, bumping the user's version", async () => {
    const user = (await api.post("/users", { email: "binding@example.com" })).body;
    const role = (await api.post("/roles", { name: "ub-role" })).body;

    const bound = await api.put(`/users/${user.id}/roles/${role.id}`);
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    expect(bound.body).toMatchObject({ id: user.id, roles: [{ id: role.id, name: "ub-role" }], version: user.version + 1 });
    const twice = await api.put(`/users/${user.id}/roles/${role.id}`);
    expect(twice.body.roles).toEqual([{ id: role.id, name: "ub-role" }]);
    expect((await api.get(`/users/${user.id}`)).body.roles).toEqual([{ id: role.id, name: "ub-role" }]);
    expect((await api.get(`/users?roleId=${role.id}`)).body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await api.get(`/roles/${role.id}`)).body.userCount).toBe(1);

    const unbound = await api.delete(`/users/${user.id}/roles/${role.id}`);
    expect(unbound.status).toBe(200);
    expect(unbound.body.roles).toEqual([]);
    expect((await api.get(`/users/${user.id}`)).body.roles).toEqual([]);
    expect((await api.get(`/roles/${role.id}`)).body.userCount).toBe(0);
    // Unbinding a role the user does not hold changes nothing but is not an error.
    expect((await api.delete(`/users/${user.id}/roles/${role.id}`)).status).toBe(200);
  });

  it("answers 404 for an unknown user or role and 400 for malformed ids", async () => {
    const user = (await api.post("/users", { email: "binding-404@example.com" })).body;
    const role = (await api.post("/roles", { name: "ub-404" })).body;
    for (const res of [
      await api.put(`/users/${UNKNOWN_ID}/roles/${role.id}`),
      await api.put(`/users/${user.id}/roles/${UNKNOWN_ID}`),
      await api.delete(`/users/${UNKNOWN_ID}/roles/${role.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("resource.not_found");
    }
    expect((await api.get(`/users/${user.id}`)).body).toMatchObject({ roles: [], version: user.version });
    expectInvalid(await api.put(`/users/${user.id}/roles/not-a-uuid`), "params.roleId", "malformed role id");
    expectInvalid(await api.delete(`/users/not-a-uuid/roles/${role.id}`), "params.id", "malformed user id");
  });

  it("refuses to unbind the admin role from the last active administrator", async () => {
    const adminRole = (await api.get("/roles")).body.items.find((r: { builtIn: boolean }) => r.builtIn);
    const admin = (await api.get("/users?q=admin@example.com")).body.items[0];
    const refused = await api.delete(`/users/${admin.id}/roles/${adminRole.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("resource.conflict");
    expect((await api.get(`/users/${admin.id}`)).body.roles.map((r: { id: string }) => r.id)).toContain(adminRole.id);

    // With a second administrator, the first may step down.
    const second = (await api.post("/users", { email: "second-admin@example.com", roleIds: [adminRole.id] })).body;
    expect((await api.delete(`/users/${admin.id}/roles/${adminRole.id}`)).status).toBe(200);
    expect((await api.delete(`/users/${second.id}/roles/${adminRole.id}`)).status).toBe(409);
    expect((await api.put(`/users/${admin.id}/roles/${adminRole.id}`)).status).toBe(200);
  });
});
