import type { Server } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthTokenVerifier } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo as McpAuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Toolgate } from "../src/index.js";
import { createMcpHandler } from "../src/adapters/mcp-server.js";
import { startResearch, type Research } from "./helpers/research.js";
import { call, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";
import type { ToolCallEvent } from "../src/audit-event.js";

let research: Research;
let toolgate: Toolgate;
let http: Server;
const handled: HandledCall[] = [];
const events: ToolCallEvent[] = [];
let analystToken: string;
let adminToken: string;

beforeAll(async () => {
  research = await startResearch();
  toolgate = await research.protect(events, { deny: ["admin_*"] });
  http = await listen(research.port, createMcpHandler(toolgate, { server: () => researchMcpServer(handled) }));
  analystToken = await research.token(research.analyst);
  adminToken = await research.token(research.admin);
});
afterAll(async () => {
  await closeServer(http);
  await toolgate?.close();
  await research?.server.close();
});
beforeEach(() => {
  handled.length = 0;
  events.length = 0;
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(research.resource), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

const textOf = (result: unknown) => JSON.parse((result as { content: { text: string }[] }).content[0]!.text);

describe("the research server behind the SDK (real Toolgate, real MCP SDK)", () => {
  it("plugs into the MCP SDK's interfaces: OAuthTokenVerifier → AuthInfo", async () => {
    const verifier: OAuthTokenVerifier = toolgate;
    const info: McpAuthInfo = await verifier.verifyAccessToken(analystToken);
    expect(info).toMatchObject({ clientId: research.analyst.id, scopes: ["research:browse", "research:export"], resource: new URL(research.resource) });
    expect(info.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(info.extra).toMatchObject({ subject: research.analyst.id, actorChain: [], issuer: research.server.url });
    expect(info.extra!.tokenId).toBeTypeOf("string");
  });

  it("lets the analyst browse and export, with the caller's identity in the handler", async () => {
    const client = await connect(analystToken);
    const browsed = await client.callTool({ name: "browse", arguments: { query: "transformers" } });
    expect(textOf(browsed)).toMatchObject({ tool: "browse", subject: research.analyst.id, actorChain: [], clientId: research.analyst.id });
    expect(textOf(await client.callTool({ name: "export", arguments: {} }))).toMatchObject({ tool: "export" });
    expect(handled.map((h) => h.tool)).toEqual(["browse", "export"]);
    expect(handled[0]!.authInfo!.scopes).toEqual(["research:browse", "research:export"]);
    await client.close();
    expect(events.filter((e) => e.decision === "allow").map((e) => e.tool)).toEqual(["browse", "export"]);
    expect(events[0]).toMatchObject({ type: "tool.call", resource: research.resource, subject: research.analyst.id, client_id: research.analyst.id, actor_chain: [] });
    expect(events[0]!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("answers the analyst's purge with 403 insufficient_scope naming every scope needed, and never runs it", async () => {
    const res = await rpc(research.resource, analystToken, call("purge", {}, 7));
    expect(res.status).toBe(403);
    const challenge = res.headers.get("www-authenticate")!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="research:browse research:export research:purge"');
    expect(challenge).toContain(`resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
    expect(res.body).toMatchObject({ jsonrpc: "2.0", id: 7, error: { data: { code: "insufficient_scope", scope: "research:browse research:export research:purge" } } });
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "purge", subject: research.analyst.id, reason: expect.stringMatching(/^insufficient_scope/) }]);

    // The official client sees the refusal too.
    const client = await connect(analystToken);
    await expect(client.callTool({ name: "purge", arguments: {} })).rejects.toThrow(/insufficient_scope/);
    await client.close();
    expect(handled).toEqual([]);
  });

  it("lets the admin purge", async () => {
    const client = await connect(adminToken);
    expect(textOf(await client.callTool({ name: "purge", arguments: {} }))).toMatchObject({ tool: "purge", subject: research.admin.id });
    await client.close();
    expect(handled.map((h) => h.tool)).toEqual(["purge"]);
  });

  it("refuses a tool matching a deny rule even with its scope, without a step-up challenge", async () => {
    const res = await rpc(research.resource, adminToken, call("admin_reset"));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(res.body.error.data.code).toBe("tool_denied");
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "admin_reset", reason: expect.stringMatching(/^tool_denied/) }]);
  });

  it("filters tools/list to the tools the caller may call", async () => {
    const analyst = await connect(analystToken);
    expect((await analyst.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    await analyst.close();
    const admin = await connect(adminToken);
    // admin_reset is within the admin's scopes but denied by rule; purge is theirs.
    expect((await admin.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export", "purge"]);
    await admin.close();
  });

  it("refuses a token issued for another resource (no token passthrough)", async () => {
    const foreign = await research.token(research.otherAgent, "https://other.example.com/mcp");
    const res = await rpc(research.resource, foreign, call("browse", { query: "x" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(res.body.error.data.code).toBe("audience_invalid");
    expect(handled).toEqual([]);
  });

  it("serves Protected Resource Metadata at the path-inserted and the root well-known URLs, with the minimal scopes", async () => {
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const res = await fetch(`http://127.0.0.1:${research.port}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        resource: research.resource,
        authorization_servers: [research.server.url],
        // The read-only tools' scopes: basic use; purge and admin come by step-up (MCP 2026-07-28 §Scope Selection Strategy).
        scopes_supported: ["research:browse", "research:export"],
        bearer_methods_supported: ["header"],
        resource_name: "Research",
      });
    }
  });

  it("answers a request without a token 401 with no error code, and the minimal scopes the request needs", async () => {
    // MCP 2026-07-28 §Scope Selection Strategy: the basic scopes (the read-only tools') for anything but a tool call.
    const res = await rpc(research.resource, undefined, { jsonrpc: "2.0", id: 1, method: "initialize", params: {} });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer scope="research:browse research:export", resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
    const tool = await rpc(research.resource, undefined, call("purge"));
    expect(tool.headers.get("www-authenticate")).toBe(`Bearer scope="research:purge", resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
  });
});
