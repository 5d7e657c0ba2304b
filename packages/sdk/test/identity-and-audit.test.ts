import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolgate, identityOf, ToolgateError, type Toolgate } from "../src/index.js";
import { createToolgateAuditSink } from "../src/audit-sink-toolgate.js";
import { basicAuthorization } from "../src/basic-auth.js";
import { createHttpClient } from "../src/http-client.js";
import { authorize, tokenRequest, form } from "../../../apps/server/test/helpers/oauth.js";
import { startResearch, type Research } from "./helpers/research.js";

const REDIRECT = "http://127.0.0.1:7777/callback";
const alice = { email: "alice@example.com", password: "alice-password-123" };
let research: Research;
let toolgate: Toolgate;
let userId: string;
let appId: string;

beforeAll(async () => {
  research = await startResearch();
  toolgate = createToolgate({ issuer: research.server.url, resource: research.resource, credentials: research.credentials, audit: false, onError: () => {} });
  await toolgate.ready();
  userId = (await research.api.post("/users", { ...alice, roleIds: [research.roles.analyst.id] })).body.id;
  appId = (await research.api.post("/clients", { name: "Inspector-like", authMethod: "none", redirectUris: [REDIRECT], roleIds: [research.roles.analyst.id] })).body.id;
});
afterAll(async () => {
  await toolgate?.close();
  await research?.server.close();
});

async function userToken(): Promise<string> {
  const flow = await authorize(research.server.url, { clientId: appId, redirectUri: REDIRECT, resource: research.resource, scope: "research:browse", user: alice });
  const res = await tokenRequest(research.server.url, {
    grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier,
    redirect_uri: REDIRECT, client_id: appId, resource: research.resource,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return String(res.body.access_token);
}

async function refusedWithin(token: string, ms: number): Promise<string> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const code = await toolgate.verifyAccessToken(token).then(() => "accepted", (e: ToolgateError) => e.code);
    if (code !== "accepted") return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "accepted";
}

describe("user-delegated tokens", () => {
  it("carry the user as subject, the client as actor, and the grant", async () => {
    const info = await toolgate.verifyAccessToken(await userToken());
    expect(identityOf(info)).toMatchObject({ subject: userId, actorChain: [appId], grantId: expect.any(String) });
    expect(info.clientId).toBe(appId);
    expect(info.scopes).toEqual(["research:browse"]);
  });

  it("are refused once the client revokes the token (RFC 7009 → jti rule)", async () => {
    const token = await userToken();
    const res = await fetch(`${research.server.url}/token/revocation`, { method: "POST", body: form({ token, client_id: appId }) });
    expect(res.status).toBe(200);
    expect(await refusedWithin(token, 5000)).toBe("token_revoked");
  });

  it("are refused once the user is disabled", async () => {
    const token = await userToken();
    const user = (await research.api.get(`/users/${userId}`)).body;
    expect((await research.api.patch(`/users/${userId}`, { status: "disabled", version: user.version })).status).toBe(200);
    expect(await refusedWithin(token, 5000)).toBe("token_revoked");
  });
});

describe("audit to Toolgate's ingest", () => {
  const event = (tool: string) => ({
    time: new Date().toISOString(), type: "tool.call" as const, decision: "deny" as const, tool, resource: research.resource,
    subject: "s", actor_chain: ["a"], client_id: "c", scopes: [], reason: "insufficient_scope: test", duration_ms: 0.5,
  });

  it("delivers batches with the server's credentials", async () => {
    const sink = createToolgateAuditSink({
      http: createHttpClient(fetch, 5000), issuer: research.server.url, onError: () => {},
      authorization: basicAuthorization(research.credentials.clientId, research.credentials.clientSecret),
    });
    sink.emit(event("audited-1"));
    sink.emit({ ...event("x".repeat(500)), reason: "y".repeat(5000) }); // bounded, not rejected
    await sink.close();
    expect(sink.stats()).toEqual({ queued: 0, sent: 2, dropped: 0, rejected: 0 });
    const rows = await research.server.prisma.auditEvent.findMany({ where: { type: "tool.call", reporterId: research.credentials.clientId } });
    expect(rows.map((r) => r.tool)).toEqual(expect.arrayContaining(["audited-1", "x".repeat(128)]));
  });

  it("keeps events through an outage, bounded, counting what it drops", async () => {
    let down = true;
    const errors: unknown[] = [];
    const sink = createToolgateAuditSink({
      http: createHttpClient((input, init) => (down ? Promise.reject(new TypeError("down")) : fetch(input, init)), 5000),
      issuer: research.server.url, maxQueue: 3, flushIntervalMs: 10, maxBackoffMs: 50, onError: (e) => errors.push(e),
      authorization: basicAuthorization(research.credentials.clientId, research.credentials.clientSecret),
    });
    for (let i = 0; i < 5; i++) sink.emit(event(`outage-${i}`));
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.stats()).toMatchObject({ queued: 3, sent: 0, dropped: 2 });
    expect(errors.length).toBeGreaterThan(0);
    down = false;
    await sink.close();
    expect(sink.stats()).toEqual({ queued: 0, sent: 3, dropped: 2, rejected: 0 });
    const stored = await research.server.prisma.auditEvent.count({ where: { tool: { startsWith: "outage-" } } });
    expect(stored).toBe(3);
  });

  it("is the default sink of createToolgate: a refused call lands in Toolgate's audit log", async () => {
    const audited = createToolgate({ issuer: research.server.url, resource: research.resource, credentials: research.credentials, onError: () => {} });
    await audited.ready();
    const outcome = await audited.guard({
      url: "/mcp",
      authorization: [`Bearer ${await research.token(research.analyst)}`],
      body: { kind: "json", value: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "purge", arguments: {} } } },
    });
    expect(outcome.allowed).toBe(false);
    await audited.close();
    const row = await research.server.prisma.auditEvent.findFirst({ where: { type: "tool.call", tool: "purge", reporterId: research.credentials.clientId } });
    expect(row).toMatchObject({ decision: "deny", subject: research.analyst.id, clientId: research.analyst.id, resource: research.resource });
    expect(row!.reason).toMatch(/^insufficient_scope/);
  });
});
