import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, json } from "./helpers/oauth.js";

const A = "https://a.example.com/mcp";
const B = "https://b.example.com/mcp";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let credsA: { clientId: string; clientSecret: string };
let credsB: { clientId: string; clientSecret: string };

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
  const a = (await api.post("/servers", { resourceUri: A, name: "A", scopes: [{ name: "a:use" }] })).body;
  const b = (await api.post("/servers", { resourceUri: B, name: "B" })).body;
  credsA = (await api.post(`/servers/${a.id}/credentials`)).body;
  credsB = (await api.post(`/servers/${b.id}/credentials`)).body;
});
afterAll(async () => {
  await server?.close();
});

const feed = (auth: string | undefined, after = "0") =>
  fetch(`${server.url}/api/revocations?after=${after}`, { headers: auth ? { authorization: auth } : {} });

async function readFeed(after = "0") {
  const res = await feed(basicAuth(credsA.clientId, credsA.clientSecret), after);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/jwt/);
  const jwks = createLocalJWKSet(await json(await fetch(`${server.url}/jwks`)));
  const { payload } = await jwtVerify(await res.text(), jwks, { issuer: server.url, audience: A, typ: "toolgate-revocations+jwt" });
  return payload as unknown as { cursor: string; has_more: boolean; rules: Array<Record<string, unknown>> };
}

describe("revocation feed", () => {
  it("requires an MCP server's own credentials", async () => {
    expect((await feed(undefined)).status).toBe(401);
    expect((await feed(basicAuth(credsA.clientId, "wrong"))).status).toBe(401);
    expect((await feed("Basic !!!")).status).toBe(401);
    const agent = (await api.post("/clients", { kind: "agent", name: "Not a server", authMethod: "client_secret_basic", grantTypes: ["client_credentials"] })).body;
    expect((await feed(basicAuth(agent.id, agent.clientSecret))).status).toBe(403);
    expect((await fetch(`${server.url}/api/revocations?after=abc`, { headers: { authorization: basicAuth(credsA.clientId, credsA.clientSecret) } })).status).toBe(400);
  });

  it("publishes a disabled client at once, signed, with a cursor, and leaves out other audiences", async () => {
    const initial = await readFeed();
    const agent = (await api.post("/clients", { kind: "agent", name: "Soon gone", authMethod: "client_secret_basic", grantTypes: ["client_credentials"] })).body;
    await api.patch(`/clients/${agent.id}`, { status: "disabled", version: agent.version });
    // Renaming B revokes tokens for B's old audience: not A's business.
    const b = (await api.get("/servers?q=b.example.com")).body.items[0];
    await api.patch(`/servers/${b.id}`, { resourceUri: "https://b2.example.com/mcp", version: b.version });

    const next = await readFeed(initial.cursor);
    const rule = next.rules.find((r) => r.client_id === agent.id);
    expect(rule).toMatchObject({ client_id: agent.id, reason: "client disabled by an administrator" });
    expect(rule!.revoked_before).toBeTypeOf("number");
    expect(next.rules.some((r) => r.aud === B)).toBe(false);
    expect(BigInt(next.cursor)).toBeGreaterThan(BigInt(initial.cursor));
  });
});

describe("audit ingest", () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    time: new Date().toISOString(), type: "tool.call", decision: "allow", tool: "browse", resource: A,
    subject: "user-1", actor_chain: ["inspector"], client_id: "inspector", scopes: ["a:use"], duration_ms: 12, ...overrides,
  });
  const post = (body: unknown, creds = credsA) =>
    fetch(`${server.url}/api/audit/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: basicAuth(creds.clientId, creds.clientSecret) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const stored = () => server.prisma.auditEvent.count({ where: { type: "tool.call" } });

  it("stores a valid batch with the reporting server recorded", async () => {
    const res = await post({ events: [event(), event({ decision: "deny", tool: "purge", reason: "insufficient_scope" })] });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ accepted: 2 });
    const rows = await server.prisma.auditEvent.findMany({ where: { type: "tool.call" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.tool, r.decision, r.reporterId])).toEqual([["browse", "allow", credsA.clientId], ["purge", "deny", credsA.clientId]]);
    expect(rows[0]!.actorChain).toEqual(["inspector"]);
  });

  it("rejects a server reporting for another server's resource, storing nothing from the batch", async () => {
    const before = await stored();
    const res = await post({ events: [event(), event({ resource: B })] });
    expect(res.status).toBe(403);
    expect((await json(res)).fields[0].path).toBe("events.1.resource");
    expect(await stored()).toBe(before);
  });

  it("rejects malformed events and oversized batches, storing nothing", async () => {
    const before = await stored();
    for (const body of [{ events: [event(), event({ decision: "maybe" })] }, { events: [] }, { events: [event({ extra: 1 })] }, "{nope", { events: [event({ time: "yesterday" })] }]) {
      expect((await post(body)).status, JSON.stringify(body)).toBe(400);
    }
    const tooMany = await post({ events: Array.from({ length: 501 }, () => event()) });
    expect(tooMany.status).toBe(413);
    expect((await json(tooMany)).code).toBe("request.too_large");
    expect((await post({ events: [event({ reason: "x".repeat(900) })], pad: "y".repeat(1_100_000) })).status).toBe(413);
    expect((await post({ events: [event()] }, { clientId: credsA.clientId, clientSecret: "wrong" })).status).toBe(401);
    expect(await stored()).toBe(before);
  });
});

describe("server credentials", () => {
  it("are shown once and can be replaced, invalidating the old secret", async () => {
    const b = (await api.get("/servers?q=b2.example.com")).body.items[0];
    const replaced = (await api.post(`/servers/${b.id}/credentials`)).body;
    expect(replaced.clientId).toBe(credsB.clientId);
    expect((await feed(basicAuth(credsB.clientId, credsB.clientSecret))).status).toBe(401);
    expect((await feed(basicAuth(replaced.clientId, replaced.clientSecret))).status).toBe(200);
  });
});
