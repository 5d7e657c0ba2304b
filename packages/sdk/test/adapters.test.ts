import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Toolgate, type ToolCallEvent } from "../src/index.js";
import { toolgateNode } from "../src/adapters/node.js";
import { toolgateExpress } from "../src/adapters/express.js";
import { toolgateFastify } from "../src/adapters/fastify.js";
import { createMcpHandler, guardTransport } from "../src/adapters/mcp-server.js";
import { startResearch, type Research } from "./helpers/research.js";
import { call, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";

let research: Research;
let toolgate: Toolgate;
let analystToken: string;
const handled: HandledCall[] = [];
const events: ToolCallEvent[] = [];
const MAX_BODY = 64 * 1024;

beforeAll(async () => {
  research = await startResearch();
  toolgate = await research.protect(events, { maxBodyBytes: MAX_BODY });
  analystToken = await research.token(research.analyst);
});
afterAll(async () => {
  await toolgate?.close();
  await research?.server.close();
});
beforeEach(() => {
  handled.length = 0;
  events.length = 0;
});

/** What each framework's MCP route does: a fresh stateless server + transport, the guard's transport wrapper. */
async function serveMcp(req: IncomingMessage, res: ServerResponse, body: unknown) {
  const server = researchMcpServer(handled);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.once("close", () => void server.close());
  await server.connect(guardTransport(toolgate, transport));
  await transport.handleRequest(req, res, body);
}

async function expectProtected() {
  const ok = await rpc(research.resource, analystToken, call("browse", { query: "q" }));
  expect(ok.status).toBe(200);
  expect(ok.headers.get("content-type")).toMatch(/text\/event-stream/);
  expect(handled.map((h) => h.tool)).toEqual(["browse"]);
  expect(handled[0]!.authInfo!.clientId).toBe(research.analyst.id);

  const refused = await rpc(research.resource, analystToken, call("purge"));
  expect(refused.status).toBe(403);
  expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');

  const anonymous = await rpc(research.resource, undefined, call("browse", { query: "q" }));
  expect(anonymous.status).toBe(401);

  const list = await rpc(research.resource, analystToken, { jsonrpc: "2.0", id: 9, method: "tools/list" });
  const data = /data: (.*)/.exec(list.body as string)![1]!;
  expect(JSON.parse(data).result.tools.map((t: { name: string }) => t.name).sort()).toEqual(["browse", "export"]);

  const prm = await fetch(`http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp`);
  expect(prm.status).toBe(200);
  expect(((await prm.json()) as { resource: string }).resource).toBe(research.resource);
  expect(handled.map((h) => h.tool)).toEqual(["browse"]);
}

/**
 * POSTs a body with `transfer-encoding: chunked` and no content-length, so only the bytes that
 * arrive can tell its size. Resolves at the response (the server may close the connection while
 * the rest is still being sent: a late write error is not the answer).
 */
function postChunked(token: string, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(research.resource, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}`, "transfer-encoding": "chunked" },
    }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
    req.end();
  });
}

/**
 * Regression (review: body limits uneven across adapters — Fastify checked only content-length,
 * Express skipped the limit after express.json()): an oversized chunked body, and one with a
 * declared length, get the SDK's 413, are audited, and no handler runs; a chunked body under the
 * limit works.
 */
async function expectChunkedLimit() {
  handled.length = 0;
  events.length = 0;
  const big = await postChunked(analystToken, JSON.stringify(call("export", { pad: "x".repeat(MAX_BODY + 1024) })));
  expect(big.status, big.body).toBe(413);
  expect(big.headers["content-type"]).toMatch(/application\/json/);
  expect(JSON.parse(big.body)).toMatchObject({ jsonrpc: "2.0", error: { data: { code: "request_too_large" } } });
  expect(handled).toEqual([]);
  expect(events).toMatchObject([{ decision: "deny", tool: "(unknown)", reason: expect.stringMatching(/^request_too_large/), subject: research.analyst.id }]);

  events.length = 0;
  const declared = await rpc(research.resource, analystToken, call("export", { pad: "x".repeat(MAX_BODY + 1024) }));
  expect(declared.status).toBe(413);
  expect(declared.body.error.data.code).toBe("request_too_large");
  expect(handled).toEqual([]);
  expect(events).toMatchObject([{ decision: "deny", tool: "(unknown)", reason: expect.stringMatching(/^request_too_large/) }]);

  events.length = 0;
  const small = await postChunked(analystToken, JSON.stringify(call("export", { pad: "x".repeat(MAX_BODY - 1024) })));
  expect(small.status, small.body).toBe(200);
  expect(handled.map((h) => h.tool)).toEqual(["export"]);
  handled.length = 0;
  events.length = 0;
}

describe("node http", () => {
  let http: Server;
  afterAll(() => closeServer(http));
  it("protects the MCP endpoint and passes other paths through", async () => {
    http = await listen(research.port, toolgateNode(toolgate, async (req, res, body) => {
      if (req.url === "/health") return void res.end("ok");
      await serveMcp(req, res, body);
    }));
    await expectProtected();
    expect(await (await fetch(`http://127.0.0.1:${research.port}/health`)).text()).toBe("ok");
    await expectChunkedLimit();
    await closeServer(http);
  });
});

describe("MCP handler", () => {
  it("refuses an oversized chunked body with 413", async () => {
    const http = await listen(research.port, createMcpHandler(toolgate, { server: () => researchMcpServer(handled) }));
    try {
      await expectChunkedLimit();
    } finally {
      await closeServer(http);
    }
  });
});

describe("Express", () => {
  it("protects the MCP endpoint, before or after express.json(), with the SDK's body limit on chunked bodies", async () => {
    for (const jsonFirst of [false, true]) {
      const app = express();
      if (jsonFirst) app.use(express.json());
      app.use(toolgateExpress(toolgate));
      app.post("/mcp", (req, res) => void serveMcp(req, res, req.body));
      app.get("/health", (_req, res) => void res.send("ok"));
      const http = await listen(research.port, app);
      try {
        handled.length = 0;
        await expectProtected();
        expect(await (await fetch(`http://127.0.0.1:${research.port}/health`)).text()).toBe("ok");
        await expectChunkedLimit();
      } finally {
        await closeServer(http);
      }
    }
  });
});

describe("Fastify", () => {
  let app: FastifyInstance;
  afterAll(() => app?.close());
  it("protects the MCP endpoint through a plugin, with the SDK's body limit on chunked bodies above Fastify's own", async () => {
    // Fastify's bodyLimit below maxBodyBytes: on the MCP route the SDK's limit governs, and answers.
    app = Fastify({ bodyLimit: 16 * 1024 });
    await app.register(toolgateFastify(toolgate));
    app.post("/mcp", async (request, reply) => {
      reply.hijack();
      await serveMcp(request.raw, reply.raw, request.body);
    });
    await app.listen({ port: research.port, host: "127.0.0.1" });
    await expectProtected();
    await expectChunkedLimit();
  });
});
