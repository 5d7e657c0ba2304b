import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, tokenRequest } from "./helpers/oauth.js";

const R = "https://metrics.example.com/mcp";
const R2 = "https://metrics-two.example.com/mcp";
const SCRAPE = { authorization: "Bearer scrape-token-0123456789" };
let server: TestServer;
let creds: { clientId: string; clientSecret: string };
let agent: { id: string; clientSecret: string };

const scrape = async () => (await fetch(`${server.url}/metrics`, { headers: SCRAPE })).text();
/** The series (sample lines) of one metric in a scrape. */
const series = (text: string, name: string) => text.split("\n").filter((line) => line.startsWith(`${name}{`));

async function report(events: { tool: string; decision: "allow" | "deny" }[]) {
  const res = await fetch(`${server.url}/api/audit/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuth(creds.clientId, creds.clientSecret) },
    body: JSON.stringify({ events: events.map((e) => ({ time: new Date().toISOString(), type: "tool.call", resource: R, ...e })) }),
  });
  expect(res.status, await res.text()).toBe(202);
}

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_METRICS_TOKEN: "scrape-token-0123456789" } });
  const api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: R, name: "M", scopes: [{ name: "m:read" }] })).body;
  const two = (await api.post("/servers", { resourceUri: R2, name: "M2", scopes: [{ name: "m2:read" }] })).body;
  expect((await api.post(`/servers/${srv.id}/tools`, { name: "purge", scopeId: srv.scopes[0].id })).status).toBe(201);
  // Registered, but for another server: still unregistered for R.
  expect((await api.post(`/servers/${two.id}/tools`, { name: "drop", scopeId: two.scopes[0].id })).status).toBe(201);
  const role = (await api.post("/roles", { name: "m", scopeIds: [srv.scopes[0].id] })).body;
  agent = (await api.post("/clients", { kind: "agent", name: "A", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R }, basicAuth(agent.id, agent.clientSecret));
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R, scope: "m:write" }, basicAuth(agent.id, agent.clientSecret));
  await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:1/cb"], token_endpoint_auth_method: "none" }) });
  creds = (await api.post(`/servers/${srv.id}/credentials`)).body;
  await report([{ tool: "purge", decision: "deny" }]);
});
afterAll(async () => {
  await server?.close();
});

describe("Prometheus metrics", () => {
  it("require the scrape token when one is configured", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
  });

  it("count tokens issued and refused, registrations and tool-call decisions, and time requests", async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: SCRAPE });
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain(`toolgate_tokens_issued_total{grant_type="client_credentials",resource="${R}"} 1`);
    expect(text).toContain(`toolgate_tokens_refused_total{grant_type="client_credentials",error="invalid_scope",resource="${R}"} 1`);
    expect(text).toContain('toolgate_client_registrations_total{kind="dcr"} 1');
    expect(text).toContain(`toolgate_tool_call_decisions_total{resource="${R}",tool="purge",decision="deny"} 1`);
    expect(text).toMatch(/toolgate_http_request_duration_seconds_count\{route="\/token",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/toolgate_http_request_duration_seconds_count\{route="\/api\/admin\/servers",method="POST",status="201"\} 2/);
    expect(text).toContain("toolgate_process_cpu_seconds_total");
  });
});

describe("metric labels stay bounded (a caller cannot mint series)", () => {
  it("labels a tool the MCP server did not register as (unregistered), whatever its name", async () => {
    const junk = `junk-${randomUUID()}`;
    await report([{ tool: junk, decision: "allow" }, { tool: "drop", decision: "deny" }]);
    const before = series(await scrape(), "toolgate_tool_call_decisions_total");
    expect(before).toEqual(expect.arrayContaining([
      `toolgate_tool_call_decisions_total{resource="${R}",tool="(unregistered)",decision="allow"} 1`,
      `toolgate_tool_call_decisions_total{resource="${R}",tool="(unregistered)",decision="deny"} 1`,
    ]));
    expect(before.join("\n")).not.toMatch(/junk-|tool="drop"/);

    // More made-up names, and a registered one again: counts move, the set of series does not.
    await report([
      { tool: `junk-${randomUUID()}`, decision: "allow" }, { tool: `junk-${randomUUID()}`, decision: "deny" },
      { tool: "x".repeat(128), decision: "allow" }, { tool: "purge", decision: "deny" },
    ]);
    const after = series(await scrape(), "toolgate_tool_call_decisions_total");
    expect(after).toHaveLength(before.length);
    expect(after).toEqual(expect.arrayContaining([
      `toolgate_tool_call_decisions_total{resource="${R}",tool="purge",decision="deny"} 2`,
      `toolgate_tool_call_decisions_total{resource="${R}",tool="(unregistered)",decision="allow"} 3`,
      `toolgate_tool_call_decisions_total{resource="${R}",tool="(unregistered)",decision="deny"} 2`,
    ]));
    expect(after.join("\n")).not.toMatch(/junk-|xxxx/);
  });

  it("labels a refused token request with its resource only if that resource is registered", async () => {
    const auth = basicAuth(agent.id, agent.clientSecret);
    const made = `https://made-up-${randomUUID()}.example.com/mcp`;
    expect((await tokenRequest(server.url, { grant_type: "client_credentials", resource: made }, auth)).status).toBe(400);
    // Trailing-slash form of a registered resource: labelled with the registered URI.
    expect((await tokenRequest(server.url, { grant_type: "client_credentials", resource: `${R}/`, scope: "m:write" }, auth)).status).toBe(400);
    // Made-up grant type, no resource: refused before the grant type is checked or after, same labels.
    const grant = `urn:made-up:${randomUUID()}`;
    expect((await tokenRequest(server.url, { grant_type: grant }, auth)).status).toBe(400);
    expect((await tokenRequest(server.url, { grant_type: grant })).status).toBe(400);

    // The label is resolved asynchronously (a cached lookup): poll the scrape.
    await expect.poll(async () => series(await scrape(), "toolgate_tokens_refused_total"), { timeout: 5000 }).toEqual(expect.arrayContaining([
      `toolgate_tokens_refused_total{grant_type="client_credentials",error="invalid_target",resource="(unknown)"} 1`,
      `toolgate_tokens_refused_total{grant_type="client_credentials",error="invalid_scope",resource="${R}"} 2`,
      expect.stringMatching(/^toolgate_tokens_refused_total\{grant_type="\(unsupported\)",error="unsupported_grant_type",resource="\(none\)"\} 1$/),
      expect.stringMatching(/^toolgate_tokens_refused_total\{grant_type="\(unsupported\)",error="invalid_(client|request)",resource="\(none\)"\} 1$/),
    ]));
    const text = series(await scrape(), "toolgate_tokens_refused_total").join("\n");
    expect(text).not.toContain(made);
    expect(text).not.toContain(grant);
  });
});
