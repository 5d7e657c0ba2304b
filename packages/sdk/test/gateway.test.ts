import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Server, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Toolgate, type ToolCallEvent } from "../src/index.js";
import { createGateway } from "../src/gateway/gateway.js";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import { startResearch, type Research } from "./helpers/research.js";
import { addressOf, call, closeServer, listen, rpc, type HandledCall } from "./helpers/research-mcp.js";
import { messagesOf, unprotectedResearchServer, type UpstreamRequest } from "./helpers/upstream-mcp.js";

let research: Research;
let toolgate: Toolgate;
let analystToken: string;
let adminToken: string;
const servers: Server[] = [];
const handled: HandledCall[] = [];
const seen: UpstreamRequest[] = [];
const events: ToolCallEvent[] = [];
/** Gateway endpoint URLs: `json` listens on the registered resource's own port, `sse` on another. */
const gateways: Record<"json" | "sse", string> = { json: "", sse: "" };
let jsonUpstream: string;

const PROTOCOL = "2025-06-18";
const initialize = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

async function serve(port: number, handler: Parameters<typeof listen>[1]): Promise<string> {
  const server = await listen(port, handler);
  servers.push(server);
  return addressOf(server);
}

beforeAll(async () => {
  research = await startResearch();
  toolgate = await research.protect(events, { deny: ["admin_*"] });
  jsonUpstream = await serve(await freePort(), unprotectedResearchServer("json", seen, handled));
  const sseUpstream = await serve(await freePort(), unprotectedResearchServer("sse", seen, handled));
  gateways.json = `${await serve(research.port, createGateway(toolgate, { upstream: `${jsonUpstream}/mcp` }))}/mcp`;
  gateways.sse = `${await serve(await freePort(), createGateway(toolgate, { upstream: `${sseUpstream}/mcp` }))}/mcp`;
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
  seen.length = 0;
  events.length = 0;
});

/** A raw MCP session through a gateway: initialize (keeping the session id, if the upstream has sessions), then requests. */
async function session(url: string, token: string, extra: Record<string, string> = {}) {
  const init = await rpc(url, token, initialize, extra);
  expect(init.status, JSON.stringify(init.body)).toBe(200);
  const sid = init.headers.get("mcp-session-id");
  const headers = { "mcp-protocol-version": PROTOCOL, ...(sid ? { "mcp-session-id": sid } : {}), ...extra };
  const notified = await rpc(url, token, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  expect(notified.status).toBe(202);
  return { sid, send: (body: unknown) => rpc(url, token, body, headers) };
}

const upstreamCalls = () => seen.filter((r) => r.method === "POST").flatMap((r) => messagesOf(r.body)).filter((m) => m.method === "tools/call").map((m) => m.params.name);
const textOf = (result: unknown) => JSON.parse((result as { content: { text: string }[] }).content[0]!.text);

async function connect(url: string, token: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}`, ...headers } } }));
  return client;
}

describe.each(["json", "sse"] as const)("the gateway in front of an MCP server without auth (%s answers)", (mode) => {
  it("forwards the analyst's browse, without the token, with the verified identity", async () => {
    const s = await session(gateways[mode], analystToken, { "x-toolgate-subject": "admin", "X-Toolgate-Scopes": "research:purge", "x-toolgate-other": "1" });
    const res = await s.send(call("browse", { query: "transformers" }, 3));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(mode === "json" ? /application\/json/ : /text\/event-stream/);
    expect(messagesOf(res.body)).toMatchObject([{ id: 3, result: { content: [{ type: "text" }] } }]);
    expect(handled.map((h) => h.tool)).toEqual(["browse"]);
    expect(upstreamCalls()).toEqual(["browse"]);

    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const r of seen) {
      // MCP authorization: token passthrough is forbidden; and nothing x-toolgate-* of the client's.
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers["x-toolgate-other"]).toBeUndefined();
      expect(r.headers).toMatchObject({
        "x-toolgate-subject": research.analyst.id,
        "x-toolgate-client-id": research.analyst.id,
        "x-toolgate-scopes": "research:browse research:export",
        "x-toolgate-actor": "",
      });
    }
    expect(events).toMatchObject([{ decision: "allow", tool: "browse", subject: research.analyst.id, resource: research.resource }]);
  });

  it("answers the analyst's purge 403 insufficient_scope; the upstream never sees it", async () => {
    const s = await session(gateways[mode], analystToken);
    const res = await s.send(call("purge", {}, 7));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer error="insufficient_scope", scope="research:browse research:export research:purge", resource_metadata="${toolgate.resourceMetadataUrl}", error_description="tool purge requires scope research:purge"`,
    );
    expect(res.body).toMatchObject({ jsonrpc: "2.0", id: 7, error: { data: { code: "insufficient_scope" } } });
    expect(upstreamCalls()).toEqual([]);
    expect(seen.flatMap((r) => messagesOf(r.body)).map((m) => m.method)).not.toContain("tools/call");
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "purge", reason: expect.stringMatching(/^insufficient_scope/) }]);
  });

  it("lets the admin purge, and refuses a denied tool and bad arguments before the upstream", async () => {
    const s = await session(gateways[mode], adminToken);
    const purged = await s.send(call("purge", {}, 1));
    expect(purged.status).toBe(200);
    expect(messagesOf(purged.body)[0].result.content[0].text).toContain('"tool":"purge"');

    const denied = await s.send(call("admin_reset", {}, 2));
    expect(denied.status).toBe(403);
    expect(denied.body.error.data.code).toBe("tool_denied");

    const invalid = await s.send(call("browse", { query: 42 }, 3));
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ id: 3, result: { isError: true } });
    expect(upstreamCalls()).toEqual(["purge"]);
    expect(handled.map((h) => h.tool)).toEqual(["purge"]);
  });

  it("filters tools/list to the tools the caller may call", async () => {
    const analyst = await session(gateways[mode], analystToken);
    const list = await analyst.send({ jsonrpc: "2.0", id: "list-1", method: "tools/list" });
    expect(list.headers.get("content-type")).toMatch(mode === "json" ? /application\/json/ : /text\/event-stream/);
    const [answer] = messagesOf(list.body);
    expect(answer.id).toBe("list-1");
    expect(answer.result.tools.map((t: { name: string }) => t.name).sort()).toEqual(["browse", "export"]);
    expect(answer.result.tools.find((t: { name: string }) => t.name === "browse").inputSchema.properties.query).toBeDefined();

    const admin = await session(gateways[mode], adminToken);
    const adminList = messagesOf((await admin.send({ jsonrpc: "2.0", id: 5, method: "tools/list" })).body);
    // admin_reset is within the admin's scopes but denied by rule.
    expect(adminList[0].result.tools.map((t: { name: string }) => t.name).sort()).toEqual(["browse", "export", "purge"]);
    // The upstream listed all four: the filter is the gateway's.
    expect(seen.filter((r) => messagesOf(r.body).some((m) => m.method === "tools/list"))).toHaveLength(2);
  });

  it("works for the official MCP client end to end", async () => {
    const client = await connect(gateways[mode], analystToken);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    expect(textOf(await client.callTool({ name: "browse", arguments: { query: "q" } }))).toMatchObject({ tool: "browse" });
    await expect(client.callTool({ name: "purge", arguments: {} })).rejects.toThrow(/insufficient_scope/);
    await client.close();
    expect(handled.map((h) => h.tool)).toEqual(["browse"]);
    expect(seen.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe("the gateway's own answers", () => {
  it("answers a request without a token 401 with resource_metadata, and serves the metadata itself", async () => {
    const res = await rpc(gateways.json, undefined, initialize);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer scope="research:browse research:export", resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
    const tool = await rpc(gateways.json, undefined, call("purge"));
    expect(tool.headers.get("www-authenticate")).toBe(`Bearer scope="research:purge", resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`);
    expect(seen).toEqual([]);

    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const prm = await fetch(`http://127.0.0.1:${research.port}${path}`);
      expect(prm.status).toBe(200);
      expect(await prm.json()).toMatchObject({ resource: research.resource, authorization_servers: [research.server.url], bearer_methods_supported: ["header"] });
    }
    expect(seen).toEqual([]);
  });

  it("refuses a token issued for another resource (no token passthrough)", async () => {
    const foreign = await research.token(research.otherAgent, "https://other.example.com/mcp");
    const res = await rpc(gateways.sse, foreign, call("browse", { query: "x" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(res.body.error.data.code).toBe("audience_invalid");
    expect(seen).toEqual([]);
  });

  it("guards GET (event stream) and DELETE (session end), then forwards them with the session id", async () => {
    const s = await session(gateways.sse, analystToken);
    expect(s.sid).toBeTruthy();
    const sessionHeaders = { "mcp-session-id": s.sid!, "mcp-protocol-version": PROTOCOL };
    seen.length = 0;

    for (const method of ["GET", "DELETE"]) {
      const anonymous = await fetch(gateways.sse, { method, headers: { accept: "text/event-stream", ...sessionHeaders } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toContain("resource_metadata=");
      await anonymous.body?.cancel();
    }
    expect(seen).toEqual([]);

    const abort = new AbortController();
    const stream = await fetch(gateways.sse, { headers: { accept: "text/event-stream", authorization: `Bearer ${analystToken}`, ...sessionHeaders }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(seen).toMatchObject([{ method: "GET", headers: { "mcp-session-id": s.sid, "x-toolgate-subject": research.analyst.id } }]);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    abort.abort();

    const ended = await fetch(gateways.sse, { method: "DELETE", headers: { authorization: `Bearer ${analystToken}`, ...sessionHeaders } });
    expect(ended.status).toBe(200);
    await ended.body?.cancel();
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", headers: { "mcp-session-id": s.sid } });

    // The upstream ended the session (the test upstream then meets the id with a fresh,
    // uninitialized transport): its refusal comes back as is.
    const after = await s.send(call("browse", { query: "q" }, 9));
    expect(after.status).toBe(400);
    expect(after.body.error.message).toMatch(/not initialized/i);
    expect(handled).toEqual([]);
  });

  it("binds a session to its caller: another caller's requests on it are answered 404, not forwarded", async () => {
    const admin = await session(gateways.sse, adminToken);
    seen.length = 0;
    const hijack = { "mcp-session-id": admin.sid!, "mcp-protocol-version": PROTOCOL };
    const posted = await rpc(gateways.sse, analystToken, call("browse", { query: "q" }, 1), hijack);
    expect(posted.status).toBe(404);
    expect(posted.body).toMatchObject({ id: 1, error: { data: { code: "session_not_found" } } });
    const stream = await fetch(gateways.sse, { headers: { accept: "text/event-stream", authorization: `Bearer ${analystToken}`, ...hijack } });
    expect(stream.status).toBe(404);
    await stream.body?.cancel();
    const ended = await fetch(gateways.sse, { method: "DELETE", headers: { authorization: `Bearer ${analystToken}`, ...hijack } });
    expect(ended.status).toBe(404);
    expect(seen).toEqual([]);
    // Refused after the guard allowed the token: audited as refused, not as allowed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.filter((e) => e.subject === research.analyst.id).map((e) => [e.decision, e.tool, e.reason?.split(":")[0]])).toEqual([
      ["deny", "browse", "session_not_found"],
      ["deny", "(none)", "session_not_found"],
      ["deny", "(none)", "session_not_found"],
    ]);
    // The owner's session still works.
    expect((await admin.send(call("purge", {}, 2))).status).toBe(200);
  });

  it("sends no identity headers with identityHeaders: false, and still drops the client's", async () => {
    const upstream = await serve(await freePort(), unprotectedResearchServer("json", seen, handled));
    const gateway = `${await serve(await freePort(), createGateway(toolgate, { upstream: `${upstream}/mcp`, identityHeaders: false }))}/mcp`;
    const res = await rpc(gateway, analystToken, initialize, { "x-toolgate-subject": "someone-else" });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0]!.headers).filter((h) => h.startsWith("x-toolgate-") || h === "authorization")).toEqual([]);
  });

  it("answers 502 with a JSON-RPC error when the upstream is unreachable", async () => {
    const nothing = await freePort();
    const gateway = `${await serve(await freePort(), createGateway(toolgate, { upstream: `http://127.0.0.1:${nothing}/mcp` }))}/mcp`;
    const res = await rpc(gateway, analystToken, call("browse", { query: "q" }, 4));
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ jsonrpc: "2.0", id: 4, error: { code: -32000, data: { code: "upstream_unreachable" } } });
  });

  it("answers 504 when the upstream does not answer within upstreamTimeoutMs", async () => {
    const held: ServerResponse[] = [];
    const silent = await serve(await freePort(), (_req, res) => void held.push(res));
    const gateway = `${await serve(await freePort(), createGateway(toolgate, { upstream: `${silent}/mcp`, upstreamTimeoutMs: 300 }))}/mcp`;
    const res = await rpc(gateway, analystToken, call("browse", { query: "q" }, 5));
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ id: 5, error: { data: { code: "upstream_timeout" } } });
    for (const r of held) r.destroy();
  });

  it("answers other paths 404 without forwarding", async () => {
    const res = await fetch(`http://127.0.0.1:${research.port}/other`, { headers: { authorization: `Bearer ${analystToken}` } });
    expect(res.status).toBe(404);
    expect(seen).toEqual([]);
  });
});

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = fileURLToPath(new URL("../src/bin/toolgate-gateway.ts", import.meta.url));

/** Runs the `toolgate-gateway` bin (from source, through tsx) with exactly these variables. */
function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", BIN], { cwd: REPO, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  /** Resolves when stdout has a line matching `pattern`, or rejects when the process ends first. */
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = stdout.split("\n").find((l) => pattern.test(l));
        if (match) {
          child.stdout.off("data", check);
          resolve(match);
        }
      };
      child.stdout.on("data", check);
      check();
      void exited.then((code) => reject(new Error(`exited ${code} before ${pattern}: ${stderr}`)));
    });
  return { child, exited, line, output: () => ({ stdout, stderr }) };
}

describe("toolgate-gateway (the CLI)", () => {
  const env = () => ({
    TOOLGATE_ISSUER: research.server.url,
    RESOURCE: research.resource,
    UPSTREAM: `${jsonUpstream}/mcp`,
    TOOLGATE_CLIENT_ID: research.credentials.clientId,
    TOOLGATE_CLIENT_SECRET: research.credentials.clientSecret,
    HOST: "127.0.0.1",
  });

  it.each(["TOOLGATE_ISSUER", "RESOURCE", "UPSTREAM", "TOOLGATE_CLIENT_ID", "TOOLGATE_CLIENT_SECRET"])("refuses to start without %s, naming it", async (variable) => {
    const vars: Record<string, string> = env();
    delete vars[variable];
    const cli = startCli(vars);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toMatch(new RegExp(`^toolgate-gateway: ${variable}: missing`));
  });

  it.each([
    ["UPSTREAM", "localhost:8000/mcp"],
    ["PORT", "eighty"],
    ["IDENTITY_HEADERS", "yes"],
  ])("refuses a bad %s, naming it", async (variable, value) => {
    const cli = startCli({ ...env(), [variable]: value });
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toContain(`toolgate-gateway: ${variable}: `);
  });

  it("serves the gateway from the variables, and SIGTERM closes it", async () => {
    const port = await freePort();
    const cli = startCli({ ...env(), PORT: String(port) });
    await cli.line(/listening on/);
    const url = `http://127.0.0.1:${port}/mcp`;
    const prm = await fetch(`http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`);
    expect(((await prm.json()) as { resource: string }).resource).toBe(research.resource);
    expect((await rpc(url, undefined, initialize)).status).toBe(401);
    expect((await rpc(url, analystToken, call("purge"))).status).toBe(403);
    const browsed = await rpc(url, analystToken, call("browse", { query: "q" }, 2));
    expect(browsed.status).toBe(200);
    expect(upstreamCalls()).toEqual(["browse"]);
    expect(seen.at(-1)!.headers).toMatchObject({ "x-toolgate-subject": research.analyst.id });
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();

    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain("SIGTERM, closing");
  });
});
