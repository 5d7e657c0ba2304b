import { startTestServer, type TestServer } from "../../../../apps/server/test/helpers/test-server.js";
import { adminApi, adminToken } from "../../../../apps/server/test/helpers/admin-api.js";
import { basicAuth, tokenRequest } from "../../../../apps/server/test/helpers/oauth.js";
import { freePort } from "../../../../apps/server/test/helpers/free-port.js";
import { createToolgate, type Toolgate, type ToolgateOptions, type ToolCallEvent } from "../../src/index.js";

export const BROWSE_SCHEMA = { type: "object", properties: { query: { type: "string", maxLength: 200 } }, required: ["query"], additionalProperties: false };

export interface Agent {
  id: string;
  secret: string;
}

/**
 * A real Toolgate with the research server of the "Securing MCP" pattern registered through the
 * admin API: tools browse/export/purge (and admin_reset, for deny rules), roles analyst and admin,
 * one agent of each, the MCP server's own credentials, and a second resource for passthrough tests.
 */
export async function startResearch(options: { env?: Record<string, string> } = {}) {
  const server: TestServer = await startTestServer(options.env ? { env: options.env } : {});
  const api = adminApi(server, await adminToken(server));
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const created = await api.post("/servers", {
    resourceUri: resource,
    name: "Research",
    scopes: ["research:browse", "research:export", "research:purge", "research:admin"].map((name) => ({ name })),
  });
  if (created.status !== 201) throw new Error(`server: ${created.status} ${JSON.stringify(created.body)}`);
  const srv = created.body;
  const scopeId = (name: string) => (srv.scopes as { id: string; name: string }[]).find((s) => s.name === name)!.id;
  const tool = (name: string, scope: string, inputSchema: object, readOnly = false) => api.post(`/servers/${srv.id}/tools`, { name, scopeId: scopeId(scope), inputSchema, readOnly });
  // browse and export are read-only: their scopes are the server's basic ones (PRM scopes_supported).
  await tool("browse", "research:browse", BROWSE_SCHEMA, true);
  await tool("export", "research:export", { type: "object" }, true);
  await tool("purge", "research:purge", { type: "object" });
  await tool("admin_reset", "research:admin", { type: "object" });
  const analystRole = (await api.post("/roles", { name: "analyst", scopeIds: [scopeId("research:browse"), scopeId("research:export")] })).body;
  const adminRole = (await api.post("/roles", { name: "research-admin", scopeIds: srv.scopes.map((s: { id: string }) => s.id) })).body;
  const agent = async (name: string, roleId: string): Promise<Agent> => {
    const c = (await api.post("/clients", { kind: "agent", name, authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [roleId] })).body;
    return { id: c.id, secret: c.clientSecret };
  };
  const analyst = await agent("Analyst agent", analystRole.id);
  const admin = await agent("Admin agent", adminRole.id);
  const credentials = (await api.post(`/servers/${srv.id}/credentials`)).body as { clientId: string; clientSecret: string };

  const other = (await api.post("/servers", { resourceUri: "https://other.example.com/mcp", name: "Other", scopes: [{ name: "research:browse" }] })).body;
  const otherRole = (await api.post("/roles", { name: "other-user", scopeIds: [other.scopes[0].id] })).body;
  const otherAgent = await agent("Other agent", otherRole.id);

  async function token(a: Agent, res = resource, scope?: string): Promise<string> {
    const r = await tokenRequest(server.url, { grant_type: "client_credentials", resource: res, ...(scope ? { scope } : {}) }, basicAuth(a.id, a.secret));
    if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
    return String(r.body.access_token);
  }

  /** A ready Toolgate for the research server, its audit events in `events`; `options` add to or override the defaults. */
  async function protect(events: ToolCallEvent[], options: Partial<ToolgateOptions> = {}): Promise<Toolgate> {
    const toolgate = createToolgate({ issuer: server.url, resource, credentials, audit: { emit: (e) => void events.push(e) }, ...options });
    await toolgate.ready();
    return toolgate;
  }

  return { server, api, port, resource, serverId: srv.id as string, scopeId, roles: { analyst: analystRole, admin: adminRole }, analyst, admin, otherAgent, credentials, token, protect };
}

export type Research = Awaited<ReturnType<typeof startResearch>>;
