import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, expectOAuthError, introspect, tokenRequest } from "./helpers/oauth.js";

/** Admin API: listing clients with filters, and deleting a client (its tokens stop working). */

const REPORTS = "https://reports.example.com/mcp";
const UNKNOWN_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let reports: { id: string; scopes: { id: string; name: string }[] };
let readerRoleId: string;

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
  reports = (await api.post("/servers", { resourceUri: REPORTS, name: "Reports", scopes: [{ name: "reports:read" }] })).body;
  readerRoleId = (await api.post("/roles", { name: "reports-reader", scopeIds: [reports.scopes[0]!.id] })).body.id;
});
afterAll(async () => {
  await server?.close();
});

const agentBody = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: "agent", name, authMethod: "client_secret_basic", grantTypes: ["client_credentials"], ...extra,
});

async function create(body: unknown) {
  const res = await api.post("/clients", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);

describe("GET /api/admin/clients", () => {
  let agents: string[];
  let apps: string[];
  let disabled: string;
  let fixed: string;

  beforeAll(async () => {
    agents = [];
    for (const n of [1, 2, 3]) agents.push((await create(agentBody(`Lst agent ${n}`, n === 1 ? { roleIds: [readerRoleId] } : {}))).id);
    apps = [];
    for (const n of [1, 2]) apps.push((await create({ name: `Lst app ${n}`, redirectUris: [`https://app${n}.example.com/cb`] })).id);
    disabled = apps[1]!;
    const app2 = (await api.get(`/clients/${disabled}`)).body;
    expect((await api.patch(`/clients/${disabled}`, { status: "disabled", version: app2.version })).status).toBe(200);
    fixed = (await create({ clientId: "lst-fixed-id", name: "Named otherwise", redirectUris: ["https://fixed.example.com/cb"] })).id;
  });

  it("searches names and client ids, case-insensitively, newest first", async () => {
    const byName = await api.get("/clients?q=LST%20A");
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ page: 1, pageSize: 50, total: 5 });
    expect(ids(byName)).toEqual([...apps].reverse().concat([...agents].reverse()));
    expect(ids(await api.get("/clients?q=fixed-ID"))).toEqual([fixed]);
    expect((await api.get("/clients?q=no-such-client")).body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
  });

  it("filters by kind, status and role, combined with the search", async () => {
    const agentsOnly = await api.get("/clients?q=lst&kind=agent");
    expect(agentsOnly.body.total).toBe(3);
    expect(new Set(agentsOnly.body.items.map((c: { kind: string }) => c.kind))).toEqual(new Set(["agent"]));
    expect(ids(await api.get("/clients?q=lst&kind=application")).sort()).toEqual([...apps, fixed].sort());

    const off = await api.get("/clients?q=lst&status=disabled");
    expect(ids(off)).toEqual([disabled]);
    expect(off.body.items[0].status).toBe("disabled");
    expect((await api.get("/clients?q=lst&kind=agent&status=disabled")).body.total).toBe(0);
    expect((await api.get("/clients?kind=dcr")).body.total).toBe(0);

    expect(ids(await api.get(`/clients?roleId=${readerRoleId}`))).toEqual([agents[0]]);
    expect((await api.get(`/clients?roleId=${UNKNOWN_ID}`)).body.total).toBe(0);
  });

  it("pages through the results without overlap", async () => {
    const first = await api.get("/clients?q=lst&pageSize=2");
    const second = await api.get("/clients?q=lst&pageSize=2&page=2");
    const third = await api.get("/clients?q=lst&pageSize=2&page=3");
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 6 });
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 6 });
    const seen = [...ids(first), ...ids(second), ...ids(third)];
    expect(seen).toHaveLength(6);
    expect(new Set(seen)).toEqual(new Set([...agents, ...apps, fixed]));
    expect((await api.get("/clients?q=lst&pageSize=2&page=9")).body).toEqual({ items: [], page: 9, pageSize: 2, total: 6 });
  });

  it("refuses bad filters, naming the query parameter", async () => {
    const cases: Array<[string, string]> = [
      ["kind=robot", "querystring.kind"],
      ["status=gone", "querystring.status"],
      ["roleId=not-a-uuid", "querystring.roleId"],
      ["page=0", "querystring.page"],
      ["pageSize=0", "querystring.pageSize"],
      ["pageSize=201", "querystring.pageSize"],
      ["page=two", "querystring.page"],
      [`q=${"x".repeat(201)}`, "querystring.q"],
      ["sort=name", "querystring.sort"],
    ];
    for (const [query, path] of cases) {
      const res = await api.get(`/clients?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe("validation.failed");
      expect(res.body.fields.map((f: { path: string }) => f.path), query).toEqual([path]);
    }
  });
});

describe("DELETE /api/admin/clients/:id", () => {
  it("deletes the client: it is gone, its secret no longer works and its tokens are refused by introspection", async () => {
    const agent = await create(agentBody("Doomed agent", { roleIds: [readerRoleId] }));
    const auth = basicAuth(agent.id, agent.clientSecret);
    const token = await tokenRequest(server.url, { grant_type: "client_credentials", resource: REPORTS }, auth);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const accessToken = String(token.body.access_token);

    // The MCP server's own credentials: what a resource server introspects with.
    const creds = (await api.post(`/servers/${reports.id}/credentials`)).body;
    const rsAuth = basicAuth(creds.clientId, creds.clientSecret);
    expect(await introspect(server.url, accessToken, rsAuth)).toMatchObject({ active: true, client_id: agent.id, aud: REPORTS });

    const holders = (await api.get(`/roles/${readerRoleId}`)).body.clientCount;
    const deleted = await api.delete(`/clients/${agent.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect(deleted.body).toBeNull();

    const gone = await api.get(`/clients/${agent.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe("resource.not_found");
    expect(ids(await api.get("/clients?q=Doomed"))).toEqual([]);
    expect((await api.get(`/roles/${readerRoleId}`)).body.clientCount).toBe(holders - 1);

    expect(await introspect(server.url, accessToken, rsAuth)).toEqual({ active: false });
    expectOAuthError(await tokenRequest(server.url, { grant_type: "client_credentials", resource: REPORTS }, auth), "invalid_client", 401);

    const audit = await server.prisma.auditEvent.findFirst({ where: { type: "admin.client.deleted" } });
    expect((audit?.details as { target: string } | undefined)?.target).toBe(agent.id);

    const again = await api.delete(`/clients/${agent.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("resource.not_found");
  });

  it("answers 404 for an unknown client and 403 for the console's built-in client", async () => {
    expect((await api.delete("/clients/no-such-client")).status).toBe(404);
    const all = (await api.get("/clients?pageSize=200")).body.items as { id: string; builtIn: boolean }[];
    const console = all.find((c) => c.builtIn);
    expect(console).toBeTruthy();
    const refused = await api.delete(`/clients/${console!.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("resource.built_in");
    expect((await api.get(`/clients/${console!.id}`)).status).toBe(200);
  });
});
