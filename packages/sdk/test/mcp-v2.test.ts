import type { Server } from "node:http";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import type { Toolgate, ToolCallEvent } from "../src/index.js";
import { createMcpHandler as createV1Handler } from "../src/adapters/mcp-server.js";
import { createMcpHandler as createV2McpHandler, InMemoryTransport, type JSONRPCMessage } from "@modelcontextprotocol/server";
import { createMcpHandler, guardTransport, toolgateFetch } from "../src/adapters/mcp-v2.js";
import { createGateway } from "../src/gateway/gateway.js";
import { startResearch, type Research } from "./helpers/research.js";
import { addressOf, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";
import { researchV2Factory, type V2HandledCall } from "./helpers/research-mcp-v2.js";
import { messagesOf, type UpstreamRequest } from "./helpers/upstream-mcp.js";
import { nodeBridge, unprotectedV2Server } from "./helpers/v2-upstream.js";
import { ENVELOPE, MODERN, modernRequest, sendModern } from "./helpers/modern-rpc.js";

let research: Research;
let toolgate: Toolgate;
let analystToken: string;
let adminToken: string;
const servers: Server[] = [];
const handled: V2HandledCall[] = [];
const handledV1: HandledCall[] = [];
const seen: UpstreamRequest[] = [];
const events: ToolCallEvent[] = [];

/**
 * Every front Toolgate offers a v2 server: the v2 adapter (JSON-or-SSE `auto`, and always-SSE), the
 * web-standard face (`toolgateFetch`, as on Workers/Bun/Deno) around the v2 SDK's own handler, and
 * the gateway in front of an unprotected v2 server.
 */
const V2_FRONTS = ["v2", "v2-sse", "fetch", "gateway"] as const;
type Front = (typeof V2_FRONTS)[number] | "v1";
const urls = {} as Record<Front, string>;

async function serve(port: number, handler: Parameters<typeof listen>[1]): Promise<string> {
  const server = await listen(port, handler);
  servers.push(server);
  return `${addressOf(server)}/mcp`;
}

beforeAll(async () => {
  research = await startResearch();
  toolgate = await research.protect(events, { deny: ["admin_*"] });
  const factory = researchV2Factory(handled);
  urls.v2 = await serve(research.port, createMcpHandler(toolgate, { server: factory }));
  urls["v2-sse"] = await serve(await freePort(), createMcpHandler(toolgate, { server: factory, responseMode: "sse" }));
  const ownHandler = createV2McpHandler(factory, { responseMode: "sse" });
  urls.fetch = await serve(await freePort(), nodeBridge(toolgateFetch(toolgate, (request, options) => ownHandler.fetch(request, options))));
  const upstream = await serve(await freePort(), unprotectedV2Server(factory, seen));
  urls.gateway = await serve(await freePort(), createGateway(toolgate, { upstream }));
  urls.v1 = await serve(await freePort(), createV1Handler(toolgate, { server: () => researchMcpServer(handledV1) }));
  analystToken = await research.token(research.analyst);
  adminToken = await research.token(research.admin);
});
afterAll(async () => {
  for (const server of servers) await closeServer(server);
  await toolgate?.close();
  await research?.server.close();
});
beforeEach(() => {
  handled.length = 0;
  handledV1.length = 0;
  seen.length = 0;
  events.length = 0;
});

/** Who the server saw calling: from the SDK's authInfo, or — behind the gateway, which has no auth code — from the identity headers. */
function expectCaller(front: Front, subject: string) {
  if (front !== "gateway") return { subject };
  const calls = seen.filter((r) => (r.body as { method?: string } | undefined)?.method === "tools/call");
  expect(calls.length).toBeGreaterThan(0);
  for (const c of calls) expect(c.headers["x-toolgate-subject"]).toBe(subject);
  return {};
}
const textOf = (result: unknown) => JSON.parse((result as { content: { text: string }[] }).content[0]!.text);
/** The one JSON-RPC answer of a response, JSON or event stream. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions inspect arbitrary JSON-RPC
const answerOf = (body: unknown): any => messagesOf(body).find((m) => "result" in m || "error" in m);

async function v2Client(url: string, token: string, mode: "auto" | "legacy"): Promise<Client> {
  const client = new Client({ name: "test", version: "1.0.0" }, { versionNegotiation: { mode } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

describe("the v2 adapter plugs into the v2 SDK's own auth channel", () => {
  it("hands the verified caller to the factory (ctx.authInfo) and to tool handlers (ctx.http.authInfo), in both eras", async () => {
    for (const mode of ["auto", "legacy"] as const) {
      handled.length = 0;
      const client = await v2Client(urls.v2, analystToken, mode);
      const out = textOf(await client.callTool({ name: "browse", arguments: { query: "scopes" } }));
      await client.close();
      expect(out).toMatchObject({ tool: "browse", era: mode === "auto" ? "modern" : "legacy", subject: research.analyst.id, actorChain: [], clientId: research.analyst.id });
      expect(handled).toHaveLength(1);
      expect(handled[0]!.authInfo).toMatchObject({ clientId: research.analyst.id, scopes: ["research:browse", "research:export"], resourceMetadataUrl: `http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp` });
      expect(handled[0]!.factoryAuthInfo).toBe(handled[0]!.authInfo);
      // The token itself never reaches the server as a header it could forward.
      expect(handled[0]!.authInfo!.token).toBe(analystToken);
    }
  });
});

describe("guardTransport on a v2 transport (your own sessionful wiring)", () => {
  it("filters tools/list by the message's authInfo and refuses a tools/call that arrives without an allowed caller", async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const answers: JSONRPCMessage[] = [];
    clientSide.onmessage = (m) => void answers.push(m);
    await clientSide.start();
    await researchV2Factory(handled)({ era: "legacy" }).connect(guardTransport(toolgate, serverSide));
    const auth = await toolgate.verifyAccessToken(analystToken);
    const until = async (n: number) => {
      for (let i = 0; i < 100 && answers.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await clientSide.send({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } });
    await until(1);
    await clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await clientSide.send({ jsonrpc: "2.0", id: 1, method: "tools/list" }, { authInfo: auth });
    await clientSide.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "purge", arguments: {} } }, { authInfo: auth });
    await clientSide.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "browse", arguments: { query: "q" } } });
    await until(4);
    const byId = (id: number) => answers.find((m) => (m as { id?: unknown }).id === id) as { result?: { tools: { name: string }[] }; error?: { data: { code: string } } };
    expect(byId(1).result!.tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    expect(byId(2).error!.data.code).toBe("insufficient_scope");
    expect(byId(3).error!.data.code).toBe("token_missing");
    expect(handled).toEqual([]);
    await clientSide.close();
  });
});

describe.each(V2_FRONTS)("a v2 server behind Toolgate (%s)", (front) => {
  it.each(["auto", "legacy"] as const)("serves the official v2 client (%s negotiation): tools filtered, browse runs, purge refused with one challenge, admin purges", async (mode) => {
    const analyst = await v2Client(urls[front], analystToken, mode);
    expect((await analyst.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    expect(textOf(await analyst.callTool({ name: "browse", arguments: { query: "x" } }))).toMatchObject({ tool: "browse", ...expectCaller(front, research.analyst.id) });
    await expect(analyst.callTool({ name: "purge", arguments: {} })).rejects.toThrow(/403|insufficient_scope|purge/);
    await analyst.close();
    const admin = await v2Client(urls[front], adminToken, mode);
    expect((await admin.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export", "purge"]);
    seen.length = 0;
    expect(textOf(await admin.callTool({ name: "purge", arguments: {} }))).toMatchObject({ tool: "purge", ...expectCaller(front, research.admin.id) });
    await admin.close();
    expect(handled.map((h) => h.tool)).toEqual(["browse", "purge"]);
    expect(new Set(handled.map((h) => h.era))).toEqual(new Set([mode === "auto" ? "modern" : "legacy"]));
    expect(events.map((e) => [e.decision, e.tool])).toEqual([["allow", "browse"], ["deny", "purge"], ["allow", "purge"]]);
  });

  it("serves the v1 client (2025-11-25) against the same server", async () => {
    const client = new V1Client({ name: "v1", version: "1.0.0" });
    await client.connect(new V1Transport(new URL(urls[front]), { requestInit: { headers: { authorization: `Bearer ${analystToken}` } } }));
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    expect(textOf(await client.callTool({ name: "browse", arguments: { query: "y" } }))).toMatchObject({ era: "legacy", ...expectCaller(front, research.analyst.id) });
    await client.close();
  });

  it("answers a raw 2025-06-18 client (initialize, then calls) too", async () => {
    const init = await rpc(urls[front], analystToken, { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
    expect(init.status).toBe(200);
    expect(answerOf(init.body).result.protocolVersion).toBe("2025-06-18");
    const list = await rpc(urls[front], analystToken, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-protocol-version": "2025-06-18" });
    expect(answerOf(list.body).result.tools.map((t: { name: string }) => t.name).sort()).toEqual(["browse", "export"]);
  });

  it("filters a stateless tools/list to the caller's tools and marks it private to the caller", async () => {
    const res = await sendModern(urls[front], analystToken, modernRequest("tools/list"));
    expect(res.status).toBe(200);
    if (front === "v2-sse") expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { result } = answerOf(res.body);
    expect(result.tools.map((t: { name: string }) => t.name).sort()).toEqual(["browse", "export"]);
    expect(result.cacheScope).toBe("private");
  });

  it("answers server/discover for a caller with a token, and a tools/call without a session (a stale session id is ignored)", async () => {
    const discover = await sendModern(urls[front], analystToken, modernRequest("server/discover"));
    expect(discover.status).toBe(200);
    expect(answerOf(discover.body).result).toMatchObject({ supportedVersions: expect.arrayContaining([MODERN]), capabilities: { tools: expect.any(Object) } });
    expect(JSON.stringify(answerOf(discover.body))).not.toContain("purge");

    const called = await sendModern(urls[front], analystToken, modernRequest("tools/call", { name: "browse", arguments: { query: "z" } }), { "mcp-session-id": "stale-session-0001" });
    expect(called.status).toBe(200);
    expect(called.headers.get("mcp-session-id")).toBeNull();
    expect(textOf(answerOf(called.body).result)).toMatchObject({ tool: "browse", era: "modern", ...expectCaller(front, research.analyst.id) });
    if (front === "gateway") {
      const forwarded = seen.find((r) => (r.body as { method?: string })?.method === "tools/call")!;
      expect(forwarded.headers["mcp-session-id"]).toBeUndefined();
      expect(forwarded.headers).toMatchObject({ "mcp-method": "tools/call", "mcp-name": "browse", "mcp-protocol-version": MODERN });
      expect(forwarded.headers.authorization).toBeUndefined();
    }
  });

  it("refuses a stateless purge of the analyst with 403 naming every scope needed, and never runs it", async () => {
    const res = await sendModern(urls[front], analystToken, modernRequest("tools/call", { name: "purge", arguments: {} }, 9));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="research:browse research:export research:purge"');
    expect(res.body).toMatchObject({ id: 9, error: { data: { code: "insufficient_scope" } } });
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "purge", reason: expect.stringMatching(/^insufficient_scope/) }]);
  });

  it("refuses a stateless call of an unknown or denied tool, and invalid arguments, as for 2025 clients", async () => {
    const denied = await sendModern(urls[front], adminToken, modernRequest("tools/call", { name: "admin_reset", arguments: {} }));
    expect(denied.status).toBe(403);
    expect(denied.body.error.data.code).toBe("tool_denied");
    const invalid = await sendModern(urls[front], analystToken, modernRequest("tools/call", { name: "browse", arguments: { query: 42 } }));
    expect(invalid.status).toBe(200);
    expect(invalid.body.result).toMatchObject({ isError: true });
    const unknown = await sendModern(urls[front], analystToken, modernRequest("tools/call", { name: "nope", arguments: {} }));
    expect(unknown.body.error.code).toBe(-32602);
    expect(handled).toEqual([]);
  });
});

/**
 * Requests whose protocol metadata cannot be trusted, sent to every front (the v1 adapter too):
 * refused by the guard before any MCP server code, with the spec's error, and audited.
 */
const modernCall = (name: string) => modernRequest("tools/call", { name, arguments: name === "browse" ? { query: "q" } : {} });
const legacyCall = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "browse", arguments: { query: "q" } } };
const BAD_PROTOCOL: { name: string; send: (url: string, token: string) => ReturnType<typeof rpc>; status: number; rpcCode: number; code: string; tool: string }[] = [
  {
    name: "Mcp-Name names another tool than the body (header routing would run purge)",
    send: (url, token) => sendModern(url, token, modernCall("browse"), { "mcp-name": "purge" }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "Mcp-Name in the Base64 sentinel form that decodes to another tool",
    send: (url, token) => sendModern(url, token, modernCall("browse"), { "mcp-name": `=?base64?${Buffer.from("purge").toString("base64")}?=` }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "Mcp-Method disagrees with the body",
    send: (url, token) => sendModern(url, token, modernCall("browse"), { "mcp-method": "tools/list" }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "a 2026-07-28 request missing Mcp-Name",
    send: (url, token) => sendModern(url, token, modernCall("browse"), { "mcp-name": undefined }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "a 2026-07-28 request sent into a 2025-era session (MCP-Protocol-Version 2025-11-25, a session id)",
    send: (url, token) => sendModern(url, token, modernCall("browse"), { "mcp-protocol-version": "2025-11-25", "mcp-session-id": "legacy-session" }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "a 2025-era request claiming MCP-Protocol-Version 2026-07-28",
    send: (url, token) => rpc(url, token, legacyCall, { "mcp-protocol-version": MODERN }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "a 2025-era tools/call whose Mcp-Name disagrees",
    send: (url, token) => rpc(url, token, legacyCall, { "mcp-protocol-version": "2025-11-25", "mcp-name": "purge" }),
    status: 400, rpcCode: -32020, code: "header_mismatch", tool: "browse",
  },
  {
    name: "a modern revision the guard does not know",
    send: (url, token) => rpc(url, token, { ...legacyCall, params: { ...legacyCall.params, _meta: { ...ENVELOPE, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } } }, { "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/call", "mcp-name": "browse" }),
    status: 400, rpcCode: -32022, code: "protocol_version_unsupported", tool: "browse",
  },
  {
    name: "a batch of 2026-07-28 requests",
    send: (url, token) => rpc(url, token, [modernCall("browse").body, modernRequest("tools/list", {}, 2).body], { "mcp-protocol-version": MODERN }),
    status: 400, rpcCode: -32600, code: "request_malformed", tool: "browse",
  },
];

describe.each([...V2_FRONTS, "v1"] as const)("bad protocol metadata (%s)", (front) => {
  it.each(BAD_PROTOCOL)("$name → $status $rpcCode, audited, nothing runs", async ({ send, status, rpcCode, code, tool }) => {
    const res = await send(urls[front], analystToken);
    expect(res.status).toBe(status);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(res.body.error).toMatchObject({ code: rpcCode, data: { code } });
    if (code === "protocol_version_unsupported") expect(res.body.error.data).toMatchObject({ supported: expect.arrayContaining([MODERN, "2025-11-25"]), requested: "2099-01-01" });
    expect(handled).toEqual([]);
    expect(handledV1).toEqual([]);
    expect(seen).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool, reason: expect.stringMatching(new RegExp(`^${code}`)) }]);
  });

  it("answers server/discover without a token 401 with the basic scopes, audited, and lists no tool", async () => {
    const res = await sendModern(urls[front], undefined, modernRequest("server/discover"));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer scope="research:browse research:export", resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
    expect(res.body).not.toHaveProperty("result");
    expect(events).toMatchObject([{ decision: "deny", tool: "(none)", reason: expect.stringContaining("(method server/discover)") }]);
    expect(seen).toEqual([]);
  });
});
