import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "./helpers/test-server.js";
import { startWithAdminApi, type AdminApi, type ApiResponse } from "./helpers/admin-api.js";

/**
 * Admin API list filters: a server's tools and scopes (paginated like every other list), MCP
 * servers by approval and default role, identity providers by whether they are enabled.
 */

const UNKNOWN_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
let server: TestServer;
let api: AdminApi;

beforeAll(async () => ({ server, api } = await startWithAdminApi()));
afterAll(() => server?.close());

interface ServerDetail {
  id: string;
  scopes: { id: string; name: string }[];
}

async function createServer(body: Record<string, unknown>): Promise<ServerDetail> {
  const res = await api.post("/servers", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const names = (res: ApiResponse) => {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i: { name: string }) => i.name);
};

/** Each query is refused with 400 validation.failed naming exactly that query parameter. */
async function expectRefused(base: string, cases: Array<[string, string]>) {
  for (const [query, path] of cases) {
    const res = await api.get(`${base}?${query}`);
    expect(res.status, `${base}?${query}`).toBe(400);
    expect(res.body.code).toBe("validation.failed");
    expect(res.body.fields.map((f: { path: string }) => f.path), `${base}?${query}`).toEqual([path]);
  }
}

const PAGING_CASES: Array<[string, string]> = [
  ["page=0", "querystring.page"],
  ["page=two", "querystring.page"],
  ["pageSize=0", "querystring.pageSize"],
  ["pageSize=201", "querystring.pageSize"],
  ["pageSize=ten", "querystring.pageSize"],
  [`q=${"x".repeat(201)}`, "querystring.q"],
  ["sort=name", "querystring.sort"],
];

describe("GET /api/admin/servers/:id/tools", () => {
  let srv: ServerDetail;
  let other: ServerDetail;
  const scope = (s: ServerDetail, name: string) => s.scopes.find((x) => x.name === name)!.id;

  beforeAll(async () => {
    srv = await createServer({ resourceUri: "https://tool-list.example.com/mcp", name: "Tool list", scopes: [{ name: "docs:read" }, { name: "docs:write" }] });
    other = await createServer({ resourceUri: "https://tool-list-other.example.com/mcp", name: "Tool list other", scopes: [{ name: "docs:read" }] });
    const tools: Array<[string, string, boolean, string]> = [
      ["echo", "docs:read", false, ""],
      ["alpha", "docs:read", true, "Alpha search"],
      ["delta", "docs:write", false, "Find things"],
      ["bravo", "docs:read", true, ""],
      ["charlie", "docs:write", false, ""],
    ];
    for (const [name, scopeName, readOnly, title] of tools) {
      expect((await api.post(`/servers/${srv.id}/tools`, { name, scopeId: scope(srv, scopeName), readOnly, title })).status).toBe(201);
    }
    expect((await api.post(`/servers/${other.id}/tools`, { name: "alpha-elsewhere", scopeId: other.scopes[0]!.id, readOnly: true })).status).toBe(201);
  });

  it("pages through the server's tools by name, without another server's", async () => {
    const base = `/servers/${srv.id}/tools`;
    const first = await api.get(`${base}?pageSize=2`);
    const second = await api.get(`${base}?pageSize=2&page=2`);
    const third = await api.get(`${base}?pageSize=2&page=3`);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 5 });
    expect(third.body).toMatchObject({ page: 3, pageSize: 2, total: 5 });
    expect([...names(first), ...names(second), ...names(third)]).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect((await api.get(`${base}?pageSize=2&page=9`)).body).toEqual({ items: [], page: 9, pageSize: 2, total: 5 });
    expect(first.body.items[0]).toMatchObject({ serverId: srv.id, name: "alpha", scopeName: "docs:read", readOnly: true, title: "Alpha search" });
  });

  it("searches names and titles, case-insensitively", async () => {
    expect(names(await api.get(`/servers/${srv.id}/tools?q=ALPH`))).toEqual(["alpha"]);
    expect(names(await api.get(`/servers/${srv.id}/tools?q=find`))).toEqual(["delta"]);
    expect((await api.get(`/servers/${srv.id}/tools?q=elsewhere`)).body.total).toBe(0);
  });

  it("filters by scope", async () => {
    expect(names(await api.get(`/servers/${srv.id}/tools?scopeId=${scope(srv, "docs:write")}`))).toEqual(["charlie", "delta"]);
    expect(names(await api.get(`/servers/${srv.id}/tools?scopeId=${scope(srv, "docs:read")}`))).toEqual(["alpha", "bravo", "echo"]);
    // Another server's scope, or no scope at all: nothing of this server's.
    expect((await api.get(`/servers/${srv.id}/tools?scopeId=${other.scopes[0]!.id}`)).body.total).toBe(0);
    expect((await api.get(`/servers/${srv.id}/tools?scopeId=${UNKNOWN_ID}`)).body.total).toBe(0);
  });

  it("filters by read-only, true and false", async () => {
    expect(names(await api.get(`/servers/${srv.id}/tools?readOnly=true`))).toEqual(["alpha", "bravo"]);
    expect(names(await api.get(`/servers/${srv.id}/tools?readOnly=false`))).toEqual(["charlie", "delta", "echo"]);
  });

  it("combines the filters, the search and the paging", async () => {
    const readScope = scope(srv, "docs:read");
    expect(names(await api.get(`/servers/${srv.id}/tools?scopeId=${readScope}&readOnly=false`))).toEqual(["echo"]);
    expect(names(await api.get(`/servers/${srv.id}/tools?scopeId=${readScope}&readOnly=true&q=bra`))).toEqual(["bravo"]);
    const paged = await api.get(`/servers/${srv.id}/tools?readOnly=false&pageSize=2&page=2`);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(names(paged)).toEqual(["echo"]);
  });

  it("refuses bad paging and filters, naming the query parameter; 404 for an unknown server", async () => {
    await expectRefused(`/servers/${srv.id}/tools`, [
      ...PAGING_CASES,
      ["readOnly=yes", "querystring.readOnly"],
      ["readOnly=1", "querystring.readOnly"],
      ["readOnly=", "querystring.readOnly"],
      ["scopeId=not-a-uuid", "querystring.scopeId"],
      ["enabled=true", "querystring.enabled"],
    ]);
    const missing = await api.get(`/servers/${UNKNOWN_ID}/tools?readOnly=true`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("resource.not_found");
  });
});

describe("GET /api/admin/servers/:id/scopes", () => {
  let srv: ServerDetail;

  beforeAll(async () => {
    srv = await createServer({
      resourceUri: "https://scope-list.example.com/mcp", name: "Scope list",
      scopes: ["mail:send", "files:write", "mail:read", "files:read", "admin:all"].map((name) => ({ name })),
    });
  });

  it("pages through the server's scopes by name", async () => {
    const base = `/servers/${srv.id}/scopes`;
    const first = await api.get(`${base}?pageSize=2`);
    const second = await api.get(`${base}?pageSize=2&page=2`);
    const third = await api.get(`${base}?pageSize=2&page=3`);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(third.body).toMatchObject({ page: 3, pageSize: 2, total: 5 });
    expect([...names(first), ...names(second), ...names(third)]).toEqual(["admin:all", "files:read", "files:write", "mail:read", "mail:send"]);
    expect((await api.get(`${base}?page=4&pageSize=2`)).body).toEqual({ items: [], page: 4, pageSize: 2, total: 5 });
  });

  it("searches names case-insensitively, with the paging", async () => {
    expect(names(await api.get(`/servers/${srv.id}/scopes?q=MAIL`))).toEqual(["mail:read", "mail:send"]);
    expect(names(await api.get(`/servers/${srv.id}/scopes?q=:read`))).toEqual(["files:read", "mail:read"]);
    const paged = await api.get(`/servers/${srv.id}/scopes?q=files&pageSize=1&page=2`);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(names(paged)).toEqual(["files:write"]);
    expect((await api.get(`/servers/${srv.id}/scopes?q=nothing`)).body.total).toBe(0);
  });

  it("refuses bad paging and filters it does not have, naming the query parameter", async () => {
    await expectRefused(`/servers/${srv.id}/scopes`, [
      ...PAGING_CASES,
      ["readOnly=true", "querystring.readOnly"],
      [`scopeId=${srv.scopes[0]!.id}`, "querystring.scopeId"],
    ]);
    expect((await api.get(`/servers/${UNKNOWN_ID}/scopes?q=mail`)).status).toBe(404);
  });
});

describe("GET /api/admin/servers filters", () => {
  beforeAll(async () => {
    const role = (await api.post("/roles", { name: "flt-default" })).body;
    const servers: Array<[string, boolean, boolean]> = [
      ["Flt approval role", true, true],
      ["Flt approval none", true, false],
      ["Flt open role", false, true],
      ["Flt open none", false, false],
    ];
    for (const [name, requireApproval, withRole] of servers) {
      const slug = name.toLowerCase().replaceAll(" ", "-");
      await createServer({ resourceUri: `https://${slug}.example.com/mcp`, name, requireApproval, defaultRoleId: withRole ? role.id : null });
    }
  });

  it("filters by requireApproval, true and false", async () => {
    expect(names(await api.get("/servers?q=flt&requireApproval=true"))).toEqual(["Flt approval none", "Flt approval role"]);
    expect(names(await api.get("/servers?q=flt&requireApproval=false"))).toEqual(["Flt open none", "Flt open role"]);
    const all = await api.get("/servers?requireApproval=false&pageSize=200");
    expect(all.body.items.length).toBeGreaterThan(0);
    for (const s of all.body.items) expect(s.requireApproval, s.name).toBe(false);
  });

  it("filters by hasDefaultRole, true and false", async () => {
    expect(names(await api.get("/servers?q=flt&hasDefaultRole=true"))).toEqual(["Flt approval role", "Flt open role"]);
    expect(names(await api.get("/servers?q=flt&hasDefaultRole=false"))).toEqual(["Flt approval none", "Flt open none"]);
    const all = await api.get("/servers?hasDefaultRole=true&pageSize=200");
    expect(all.body.items.length).toBeGreaterThan(0);
    for (const s of all.body.items) expect(s.defaultRoleId, s.name).not.toBeNull();
  });

  it("combines both filters with the search and the paging", async () => {
    expect(names(await api.get("/servers?q=flt&requireApproval=true&hasDefaultRole=false"))).toEqual(["Flt approval none"]);
    expect(names(await api.get("/servers?q=flt&requireApproval=false&hasDefaultRole=true"))).toEqual(["Flt open role"]);
    const paged = await api.get("/servers?q=flt&hasDefaultRole=false&pageSize=1&page=2");
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(names(paged)).toEqual(["Flt open none"]);
  });

  it("refuses bad values and unknown filters, naming the query parameter", async () => {
    await expectRefused("/servers", [
      ...PAGING_CASES,
      ["requireApproval=yes", "querystring.requireApproval"],
      ["requireApproval=TRUE", "querystring.requireApproval"],
      ["hasDefaultRole=0", "querystring.hasDefaultRole"],
      ["builtIn=true", "querystring.builtIn"],
    ]);
  });
});

describe("GET /api/admin/identity-providers filters", () => {
  beforeAll(async () => {
    for (const [slug, enabled] of [["flt-on", true], ["flt-off-a", false], ["flt-off-b", false]] as const) {
      const res = await api.post("/identity-providers", { slug, name: `Flt ${slug}`, issuer: `https://${slug}.example.com`, clientId: "toolgate", enabled });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it("filters by enabled, true and false, with the search and the paging", async () => {
    expect(names(await api.get("/identity-providers?enabled=true"))).toEqual(["Flt flt-on"]);
    expect(names(await api.get("/identity-providers?enabled=false"))).toEqual(["Flt flt-off-a", "Flt flt-off-b"]);
    expect(names(await api.get("/identity-providers?enabled=false&q=OFF-B"))).toEqual(["Flt flt-off-b"]);
    expect((await api.get("/identity-providers?enabled=true&q=off")).body.total).toBe(0);
    const paged = await api.get("/identity-providers?enabled=false&pageSize=1&page=2");
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(names(paged)).toEqual(["Flt flt-off-b"]);
    expect((await api.get("/identity-providers")).body.total).toBe(3);
  });

  it("refuses bad values and unknown filters, naming the query parameter", async () => {
    await expectRefused("/identity-providers", [
      ...PAGING_CASES,
      ["enabled=on", "querystring.enabled"],
      ["enabled=1", "querystring.enabled"],
      ["status=active", "querystring.status"],
    ]);
  });
});

describe("the OpenAPI document", () => {
  it("documents each list's paging and filters as query parameters, booleans as the strings true and false", async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    type Param = { in: string; name: string; schema: { enum?: string[] } };
    const query = (path: string) => new Map(((doc.paths[path].get.parameters ?? []) as Param[]).filter((p) => p.in === "query").map((p) => [p.name, p.schema]));
    const expected: Record<string, string[]> = {
      "/api/admin/servers/{id}/tools": ["page", "pageSize", "q", "scopeId", "readOnly"],
      "/api/admin/servers/{id}/scopes": ["page", "pageSize", "q"],
      "/api/admin/servers": ["page", "pageSize", "q", "requireApproval", "hasDefaultRole"],
      "/api/admin/identity-providers": ["page", "pageSize", "q", "enabled"],
    };
    for (const [path, params] of Object.entries(expected)) expect([...query(path).keys()].sort(), path).toEqual([...params].sort());
    expect(query("/api/admin/servers/{id}/tools").get("readOnly")?.enum).toEqual(["true", "false"]);
    expect(query("/api/admin/servers").get("hasDefaultRole")?.enum).toEqual(["true", "false"]);
    expect(query("/api/admin/identity-providers").get("enabled")?.enum).toEqual(["true", "false"]);
    expect(doc.paths["/api/admin/servers/{id}/tools"].get.responses["200"].content["application/json"].schema.properties).toHaveProperty("items");
  });
});
