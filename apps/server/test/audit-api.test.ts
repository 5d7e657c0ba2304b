import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, decodeJwt, tokenRequest } from "./helpers/oauth.js";

const R = "https://audit.example.com/mcp";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let token: string;
let agent: { id: string; clientSecret: string };
let role: { id: string };
let creds: { clientId: string; clientSecret: string };

/** Reports tool-call events as the MCP server holding `as` (default: R's credentials). */
async function report(events: Record<string, unknown>[], as = creds) {
  const res = await fetch(`${server.url}/api/audit/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuth(as.clientId, as.clientSecret) },
    body: JSON.stringify({ events: events.map((e) => ({ type: "tool.call", decision: "allow", resource: R, ...e })) }),
  });
  expect(res.status, await res.text()).toBe(202);
}

beforeAll(async () => {
  server = await startTestServer();
  token = await adminToken(server);
  api = adminApi(server, token);
  const srv = (await api.post("/servers", { resourceUri: R, name: "Audit", scopes: [{ name: "audit:read" }] })).body;
  role = (await api.post("/roles", { name: "auditor", scopeIds: [srv.scopes[0].id] })).body;
  agent = (await api.post("/clients", { kind: "agent", name: "Auditor", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
  const auth = basicAuth(agent.id, agent.clientSecret);
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R }, auth);
  for (let i = 0; i < 12; i++) await tokenRequest(server.url, { grant_type: "client_credentials", resource: R, scope: "audit:write" }, auth);
  creds = (await api.post(`/servers/${srv.id}/credentials`)).body;
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

describe("audit query API: time range, resource, revocation", () => {
  const day = 86_400_000;
  // Whole seconds, days in the past (inside retention): the three events below and nothing else.
  const base = Math.floor(Date.now() / 1000) * 1000;
  const [t1, t2, t3] = [base - 4 * day, base - 3 * day, base - 2 * day].map((t) => new Date(t).toISOString()) as [string, string, string];
  const times = (items: { time: string }[]) => items.map((e) => e.time);

  it("filters by time range, both ends inclusive, with any UTC offset", async () => {
    await report([t1, t2, t3].map((time) => ({ time, tool: "ranged" })));
    const query = async (qs: string) => {
      const res = await api.get(`/audit?tool=ranged&${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return times(res.body.items);
    };
    expect(await query("")).toEqual([t3, t2, t1]);
    expect(await query(`from=${t2}`)).toEqual([t3, t2]);
    expect(await query(`to=${t2}`)).toEqual([t2, t1]);
    expect(await query(`from=${t2}&to=${t2}`)).toEqual([t2]);
    const justAfter = new Date(Date.parse(t2) + 1).toISOString();
    const justBefore = new Date(Date.parse(t3) - 1).toISOString();
    expect(await query(`from=${justAfter}&to=${justBefore}`)).toEqual([]);
    // The same instant as t2, written two hours ahead of UTC.
    const t2Plus2h = new Date(Date.parse(t2) + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    expect(await query(`from=${encodeURIComponent(t2Plus2h)}`)).toEqual([t3, t2]);
    expect(await query(`to=${encodeURIComponent(t2Plus2h)}&from=${t1}`)).toEqual([t2, t1]);
    // Events of today are outside a range that ends yesterday, whatever their type.
    const yesterday = new Date(Date.now() - day).toISOString();
    expect((await api.get(`/audit?to=${yesterday}&limit=500`)).body.items.map((e: { tool: string | null }) => e.tool)).toEqual(["ranged", "ranged", "ranged"]);
    expect((await api.get("/audit?from=yesterday")).status).toBe(400);
    expect((await api.get("/audit?to=2026-01-01")).status).toBe(400);
  });

  it("filters by resource, exactly", async () => {
    const R2 = "https://audit-two.example.com/mcp";
    const two = (await api.post("/servers", { resourceUri: R2, name: "Audit two", scopes: [{ name: "two:read" }] })).body;
    const twoCreds = (await api.post(`/servers/${two.id}/credentials`)).body;
    await report([{ time: new Date().toISOString(), tool: "elsewhere", resource: R2, decision: "deny" }], twoCreds);

    const onTwo = (await api.get(`/audit?resource=${encodeURIComponent(R2)}`)).body.items;
    expect(onTwo).toEqual([expect.objectContaining({ type: "tool.call", tool: "elsewhere", resource: R2, reporterId: twoCreds.clientId })]);
    expect((await api.get(`/audit?resource=${encodeURIComponent(R)}&tool=elsewhere`)).body.items).toEqual([]);
    // Neither a prefix nor the trailing-slash form matches.
    expect((await api.get(`/audit?resource=${encodeURIComponent(`${R2}/`)}`)).body.items).toEqual([]);
    expect((await api.get("/audit?resource=https%3A%2F%2Faudit-two.example.com")).body.items).toEqual([]);

    const onR = (await api.get(`/audit?resource=${encodeURIComponent(R)}&limit=500`)).body.items as { resource: string; type: string }[];
    expect(onR.every((e) => e.resource === R)).toBe(true);
    expect(new Set(onR.map((e) => e.type))).toEqual(new Set(["tool.call", "token.issued", "token.refused"]));
    expect((await api.get(`/audit?resource=${encodeURIComponent(R)}&type=token.issued`)).body.items).toEqual([
      expect.objectContaining({ clientId: agent.id, resource: R }),
    ]);
  });

  it("records a token revoked by its client (RFC 7009) as token.revoked", async () => {
    const revoker = (await api.post("/clients", { kind: "agent", name: "Revoker", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
    const auth = basicAuth(revoker.id, revoker.clientSecret);
    const issued = await tokenRequest(server.url, { grant_type: "client_credentials", resource: R }, auth);
    expect(issued.status).toBe(200);
    const token = String(issued.body.access_token);
    const revoke = (value: string) => fetch(`${server.url}/token/revocation`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth }, body: new URLSearchParams({ token: value }),
    });

    expect((await revoke(token)).status).toBe(200);
    await server.toolgate.audit.flush();
    const revoked = (await api.get(`/audit?type=token.revoked&clientId=${revoker.id}`)).body.items;
    expect(revoked).toEqual([expect.objectContaining({
      type: "token.revoked", clientId: revoker.id, subject: revoker.id, resource: R, reason: expect.stringMatching(/RFC 7009/),
      details: { jti: decodeJwt(token).payload.jti },
    })]);
    // The event carries identifiers only, never the token.
    expect(JSON.stringify(revoked)).not.toContain(token);

    // Nothing to revoke, nothing recorded (RFC 7009 §2.2 still answers 200).
    expect((await revoke("not-a-token")).status).toBe(200);
    await server.toolgate.audit.flush();
    expect((await api.get(`/audit?type=token.revoked&clientId=${revoker.id}`)).body.items).toHaveLength(1);
  });
});
