import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, tokenRequest } from "./helpers/oauth.js";

const R = "https://metrics.example.com/mcp";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_METRICS_TOKEN: "scrape-token-0123456789" } });
  const api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: R, name: "M", scopes: [{ name: "m:read" }] })).body;
  const role = (await api.post("/roles", { name: "m", scopeIds: [srv.scopes[0].id] })).body;
  const agent = (await api.post("/clients", { kind: "agent", name: "A", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id] })).body;
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R }, basicAuth(agent.id, agent.clientSecret));
  await tokenRequest(server.url, { grant_type: "client_credentials", resource: R, scope: "m:write" }, basicAuth(agent.id, agent.clientSecret));
  await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:1/cb"], token_endpoint_auth_method: "none" }) });
  const creds = (await api.post(`/servers/${srv.id}/credentials`)).body;
  await fetch(`${server.url}/api/audit/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuth(creds.clientId, creds.clientSecret) },
    body: JSON.stringify({ events: [{ time: new Date().toISOString(), type: "tool.call", decision: "deny", tool: "purge", resource: R }] }),
  });
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
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer scrape-token-0123456789" } });
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain(`toolgate_tokens_issued_total{grant_type="client_credentials",resource="${R}"} 1`);
    expect(text).toMatch(/toolgate_tokens_refused_total\{grant_type="client_credentials",error="invalid_scope"\} 1/);
    expect(text).toContain('toolgate_client_registrations_total{kind="dcr"} 1');
    expect(text).toContain(`toolgate_tool_call_decisions_total{resource="${R}",tool="purge",decision="deny"} 1`);
    expect(text).toMatch(/toolgate_http_request_duration_seconds_count\{route="\/token",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/toolgate_http_request_duration_seconds_count\{route="\/api\/admin\/servers",method="POST",status="201"\} 1/);
    expect(text).toContain("toolgate_process_cpu_seconds_total");
  });
});
