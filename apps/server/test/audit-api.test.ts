import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, tokenRequest } from "./helpers/oauth.js";

const R = "https://audit.example.com/mcp";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let token: string;
let agent: { id: string; clientSecret: string };

beforeAll(async () => {
  server = await startTestServer();
  token = await adminToken(server);
  api = adminApi(server, token);
  const srv = (await api.post("/servers", { resourceUri: R, name: "Audit", scopes: [{ name: "audit:read" }] })).body;
  const role = (await api.post("/roles", { name: "auditor", scopeIds: [srv.scopes[0].id] })).body;
  agent = (await api.post("/clients", { kind: "agent", name: "Auditor", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
  const auth = basicAuth(agent.id, agent.clientSecret);
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R }, auth);
  for (let i = 0; i < 12; i++) await tokenRequest(server.url, { grant_type: "client_credentials", resource: R, scope: "audit:write" }, auth);
  const creds = (await api.post(`/servers/${srv.id}/credentials`)).body;
  await fetch(`${server.url}/api/audit/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuth(creds.clientId, creds.clientSecret) },
    body: JSON.stringify({ events: [{ time: new Date().toISOString(), type: "tool.call", decision: "deny", tool: "purge", resource: R, subject: "u1", actor_chain: ["c1"], client_id: "c1", reason: "insufficient_scope" }] }),
  });
  await server.toolgate.audit.flush();
});
afterAll(async () => {
  await server?.close();
});

describe("audit query API", () => {
  it("filters by client, type prefix, decision, subject and tool", async () => {
    const issued = (await api.get(`/audit?clientId=${agent.id}&type=token.issued`)).body.items;
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ type: "token.issued", decision: "allow", subject: agent.id, resource: R, scopes: ["audit:read"] });
    const refused = (await api.get(`/audit?clientId=${agent.id}&type=token.*&decision=deny`)).body.items;
    expect(refused).toHaveLength(12);
    expect(refused[0].reason).toMatch(/invalid_scope/);
    const toolCall = (await api.get("/audit?subject=u1&tool=purge")).body.items;
    expect(toolCall).toHaveLength(1);
    expect(toolCall[0]).toMatchObject({ actorChain: ["c1"], decision: "deny" });
    const admin = (await api.get("/audit?type=admin.")).body.items;
    expect(admin.some((e: { type: string }) => e.type === "admin.client.created")).toBe(true);
  });

  it("reads one event, filters admin changes by the record changed, and tells who is calling", async () => {
    const some = (await api.get("/audit?limit=1")).body.items[0];
    expect((await api.get(`/audit/${some.id}`)).body).toEqual(some);
    expect((await api.get("/audit/999999999")).status).toBe(404);
    const changes = (await api.get(`/audit?target=${agent.id}`)).body.items;
    expect(changes.map((e: { type: string }) => e.type)).toContain("admin.client.created");
    const me = (await api.get("/me")).body;
    expect(me).toMatchObject({ subject: "test-admin-automation", clientId: "test-admin-automation", scopes: ["toolgate:admin"], user: null });
  });

  it("pages newest first with a cursor and tails with after", async () => {
    const first = (await api.get(`/audit?clientId=${agent.id}&limit=5`)).body;
    expect(first.items).toHaveLength(5);
    expect(BigInt(first.items[0].id)).toBeGreaterThan(BigInt(first.items[4].id));
    const second = (await api.get(`/audit?clientId=${agent.id}&limit=5&cursor=${first.nextCursor}`)).body;
    expect(BigInt(second.items[0].id)).toBeLessThan(BigInt(first.items[4].id));
    const tail = (await api.get(`/audit?after=${first.items[1].id}`)).body.items;
    expect(tail.map((e: { id: string }) => e.id)).toContain(first.items[0].id);
    expect((await api.get("/audit?cursor=abc")).status).toBe(400);
    expect((await api.get("/audit?limit=100000")).status).toBe(400);
  });

  it("exports NDJSON", async () => {
    const res = await fetch(`${server.url}/api/admin/audit/export?clientId=${agent.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(13);
    expect(BigInt(lines[0].id)).toBeLessThan(BigInt(lines[12].id));
  });

  it("computes dashboard stats with an alert for repeated failures", async () => {
    const stats = (await api.get("/audit/stats?days=7")).body;
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.tokensIssuedPerDay.find((d: { day: string }) => d.day === today).count).toBeGreaterThanOrEqual(2);
    expect(stats.tokensRefusedPerDay.find((d: { day: string }) => d.day === today).count).toBe(12);
    expect(stats.denialsByTool).toEqual([{ tool: "purge", resource: R, count: 1 }]);
    expect(stats.topClients[0]).toBeTruthy();
    expect(stats.alerts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "repeated_failures", subject: agent.id, count: 12 })]));
  });

  it("purges events past retention, and nothing newer", async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    await server.prisma.auditEvent.create({ data: { type: "ancient", time: old } });
    const before = await server.prisma.auditEvent.count();
    await server.toolgate.runMaintenance();
    expect(await server.prisma.auditEvent.count({ where: { type: "ancient" } })).toBe(0);
    expect(await server.prisma.auditEvent.count()).toBe(before - 1);
  });
});
