import type { IncomingMessage, Server, ServerResponse } from "node:http";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createToolgate, type Toolgate } from "../src/index.js";
import { toolgateNode } from "../src/adapters/node.js";
import { toolgateExpress } from "../src/adapters/express.js";
import { toolgateFastify } from "../src/adapters/fastify.js";
import { guardTransport } from "../src/adapters/mcp-server.js";
import { startResearch, type Research } from "./helpers/research.js";
import { call, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";

let research: Research;
let toolgate: Toolgate;
let analystToken: string;
const handled: HandledCall[] = [];

beforeAll(async () => {
  research = await startResearch();
  toolgate = createToolgate({ issuer: research.server.url, resource: research.resource, credentials: research.credentials, audit: false });
  await toolgate.ready();
  analystToken = await research.token(research.analyst);
});
afterAll(async () => {
  await toolgate?.close();
  await research?.server.close();
});
beforeEach(() => {
  handled.length = 0;
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
    await closeServer(http);
  });
});

describe("Express", () => {
  it("protects the MCP endpoint, before or after express.json()", async () => {
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
      } finally {
        await closeServer(http);
      }
    }
  });
});

describe("Fastify", () => {
  let app: FastifyInstance;
  afterAll(() => app?.close());
  it("protects the MCP endpoint through a plugin", async () => {
    app = Fastify();
    await app.register(toolgateFastify(toolgate));
    app.post("/mcp", async (request, reply) => {
      reply.hijack();
      await serveMcp(request.raw, reply.raw, request.body);
    });
    await app.listen({ port: research.port, host: "127.0.0.1" });
    await expectProtected();
  });
});
