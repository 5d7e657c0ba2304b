import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import type { AdminApi } from "./helpers/admin-api.js";
import { basicAuth } from "./helpers/oauth.js";

/**
 * Every batched writer of the server (the audit trail's protocol events, client usage) against
 * values PostgreSQL refuses: the hostile value is recorded (made storable) or its record alone is
 * dropped — logged and counted in `toolgate_writes_dropped_total` — and every other and every later
 * record is written. The audit ingest answers such an event with 400 naming it, never 500.
 */
const RESOURCE = "https://writers.example.com/mcp";
/** Text PostgreSQL refuses as is: NUL (text and jsonb), unpaired surrogates (jsonb). */
const HOSTILE = { nul: "evil\u0000value", loneHigh: "evil\ud800value", loneLow: "\udc00evil" };

let server: TestServer;
let api: AdminApi;
let credentials: { clientId: string; clientSecret: string };
const logLines: string[] = [];

beforeAll(async () => {
  ({ server, api } = await startWithAdminApi({ env: { LOG_LEVEL: "warn" }, logStream: { write: (line) => void logLines.push(line) } }));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Writers", scopes: [{ name: "w:use" }] })).body;
  await api.post(`/servers/${srv.id}/tools`, { name: "use", scopeId: srv.scopes[0].id });
  credentials = (await api.post(`/servers/${srv.id}/credentials`)).body;
});
afterAll(async () => {
  await server?.close();
});

async function droppedCount(writer: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`toolgate_writes_dropped_total{writer="${writer}",reason="refused_by_database"}`));
  return line ? Number(line.split(" ").pop()) : 0;
}

const auditRows = (requestId: string) => server.prisma.auditEvent.findMany({ where: { requestId: { startsWith: requestId } }, orderBy: { requestId: "asc" } });

describe("the audit trail's batch writer", () => {
  it.each(Object.entries(HOSTILE))("records an event with a hostile value (%s) in every text field, and every event around it", async (kind, value) => {
    const id = `hostile-${kind}`;
    const audit = server.toolgate.audit;
    audit.emit({ type: "login.failed", requestId: `${id}-1`, reason: "before" });
    audit.emit({
      type: "login.failed", requestId: `${id}-2`, subject: value, clientId: value, resource: value, tool: value, reason: value, ip: value,
      actorChain: [value], scopes: [value], details: { email: value, [value]: [value, { nested: value }] },
    });
    audit.emit({ type: "login.failed", requestId: `${id}-3`, reason: "after" });
    await audit.flush();
    const rows = await auditRows(id);
    expect(rows.map((r) => r.requestId)).toEqual([`${id}-1`, `${id}-2`, `${id}-3`]);
    const stored = rows[1]!;
    expect(stored.subject).toContain("\uFFFD");
    expect(stored.subject).not.toContain("\u0000");
    expect(JSON.stringify(stored.details)).toContain("\uFFFD");
  });

  it("drops only an event the database still refuses — logged and counted — and writes the rest of its batch and every later batch", async () => {
    const before = await droppedCount("audit");
    const audit = server.toolgate.audit;
    for (let i = 0; i < 7; i++) audit.emit({ type: "token.refused", requestId: `poison-a${i}` });
    // An event no text cleaning can save: an invalid time is NULL, which the column refuses.
    audit.emit({ type: "token.refused", requestId: "poison-bad", time: new Date(Number.NaN) });
    for (let i = 0; i < 7; i++) audit.emit({ type: "token.refused", requestId: `poison-b${i}` });
    await audit.flush();
    expect(audit.pending).toBe(0);
    const rows = await auditRows("poison-");
    expect(rows).toHaveLength(14);
    expect(rows.some((r) => r.requestId === "poison-bad")).toBe(false);
    expect(await droppedCount("audit")).toBe(before + 1);
    expect(logLines.some((l) => l.includes("audit event dropped") && l.includes("poison-bad"))).toBe(true);

    audit.emit({ type: "token.refused", requestId: "poison-later" });
    await audit.flush();
    expect(await auditRows("poison-later")).toHaveLength(1);
  });
});

describe("the audit ingest", () => {
  const ingest = (events: unknown[]) =>
    fetch(`${server.url}/api/audit/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: basicAuth(credentials.clientId, credentials.clientSecret) },
      body: JSON.stringify({ events }),
    });
  const event = (extra: Record<string, unknown> = {}) => ({ time: new Date().toISOString(), type: "tool.call", decision: "allow", tool: "use", resource: RESOURCE, ...extra });

  it.each([
    ["tool", { tool: HOSTILE.nul }, "events.1.tool"],
    ["subject", { subject: HOSTILE.loneHigh }, "events.1.subject"],
    ["reason", { reason: HOSTILE.loneLow }, "events.1.reason"],
    ["an actor", { actor_chain: ["ok", HOSTILE.nul] }, "events.1.actor_chain.1"],
    ["a scope", { scopes: [HOSTILE.nul] }, "events.1.scopes.0"],
    ["request_id", { request_id: HOSTILE.nul }, "events.1.request_id"],
  ])("answers 400 naming the event for a hostile %s, stores nothing of the batch, and takes the next batch", async (_field, extra, path) => {
    const res = await ingest([event({ request_id: "ingest-good-1" }), event(extra)]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation.failed");
    expect(body.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    expect(await server.prisma.auditEvent.count({ where: { requestId: "ingest-good-1" } })).toBe(0);

    const next = await ingest([event({ request_id: `ingest-next-${path}` })]);
    expect(next.status).toBe(202);
    expect(await server.prisma.auditEvent.count({ where: { requestId: `ingest-next-${path}` } })).toBe(1);
  });
});

describe("client usage (last used) writer", () => {
  it("drops only an entry the database refuses, counted, and records the others", async () => {
    const agent = (await api.post("/clients", { kind: "agent", name: "Used agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"] })).body;
    const before = await droppedCount("client_usage");
    const usage = server.toolgate.usage;
    const at = new Date(Date.now() - 60_000);
    usage.touch(HOSTILE.nul, at);
    usage.touch(agent.id, at);
    usage.touch(HOSTILE.loneHigh, at);
    await usage.flush();
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: agent.id } });
    expect(row.lastUsedAt?.getTime()).toBe(at.getTime());
    // NUL is refused by text[]; an unpaired surrogate travels as U+FFFD and matches no client.
    expect(await droppedCount("client_usage")).toBeGreaterThanOrEqual(before + 1);

    const later = new Date(Date.now() - 30_000);
    usage.touch(agent.id, later);
    await usage.flush();
    expect((await server.prisma.client.findUniqueOrThrow({ where: { id: agent.id } })).lastUsedAt?.getTime()).toBe(later.getTime());
  });
});
