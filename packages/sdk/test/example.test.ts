import { Client as V2Client, StreamableHTTPClientTransport as V2Transport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, type DemoCredentials } from "../../../apps/server/src/app/demo-seed.js";
import { startTestServer, type TestServer } from "../../../apps/server/test/helpers/test-server.js";
import { basicAuth, tokenRequest } from "../../../apps/server/test/helpers/oauth.js";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import { startResearchServer } from "../../../examples/research-server/src/server.js";
import { closeServer, call, rpc } from "./helpers/research-mcp.js";

let toolgate: TestServer;
let demo: DemoCredentials;
let example: Awaited<ReturnType<typeof startResearchServer>>;
let resource: string;

/** examples/research-server against exactly what `toolgate demo` seeds (on a free port instead of 3000). */
beforeAll(async () => {
  toolgate = await startTestServer();
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  demo = (await seedDemo(toolgate.prisma, toolgate.toolgate.audit, resource))!;
  example = await startResearchServer({ issuer: toolgate.url, resource, credentials: demo.server, port, host: "127.0.0.1" });
});
afterAll(async () => {
  await closeServer(example?.http);
  await example?.toolgate.close();
  await toolgate?.close();
});

async function tokenOf(id: string) {
  const client = demo.clients.find((c) => c.id === id)!;
  const res = await tokenRequest(toolgate.url, { grant_type: "client_credentials", resource }, basicAuth(client.id, client.secret));
  return String(res.body.access_token);
}

/** The official clients a user may connect with: v2 speaking 2026-07-28 (it probes with server/discover), v2 and v1 speaking 2025-11-25. */
const CLIENTS = {
  "v2 (2026-07-28)": async (headers: Record<string, string>) => {
    const c = new V2Client({ name: "t", version: "2" }, { versionNegotiation: { mode: "auto" } });
    await c.connect(new V2Transport(new URL(resource), { requestInit: { headers } }));
    return c;
  },
  "v2 (2025-11-25)": async (headers: Record<string, string>) => {
    const c = new V2Client({ name: "t", version: "2" });
    await c.connect(new V2Transport(new URL(resource), { requestInit: { headers } }));
    return c;
  },
  "v1 (2025-11-25)": async (headers: Record<string, string>) => {
    const c = new Client({ name: "t", version: "1" });
    await c.connect(new StreamableHTTPClientTransport(new URL(resource), { requestInit: { headers } }));
    return c;
  },
};

describe("examples/research-server (v2 MCP SDK) on the demo seed", () => {
  it.each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])("serves demo-analyst through the official %s client: tools filtered, browse and export run", async (kind) => {
    const analyst = await CLIENTS[kind]({ authorization: `Bearer ${await tokenOf("demo-analyst")}` });
    expect((await analyst.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    const browsed = await analyst.callTool({ name: "browse", arguments: { query: "tokens" } });
    expect((browsed.content as { text: string }[])[0]!.text).toContain("for demo-analyst");
    expect((await analyst.callTool({ name: "export", arguments: {} })).isError).toBeFalsy();
    await analyst.close();
  });

  it("refuses demo-analyst's purge with a step-up challenge; demo-admin purges", async () => {
    const refused = await rpc(resource, await tokenOf("demo-analyst"), call("purge"));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toContain('scope="research:browse research:export research:purge"');

    const admin = await rpc(resource, await tokenOf("demo-admin"), call("purge"), { accept: "application/json, text/event-stream" });
    expect(admin.status).toBe(200);
    expect(String(admin.body)).toContain("Index purged by demo-admin");
  });

  it("validates browse's query against the schema Toolgate holds (maxLength 200)", async () => {
    const res = await rpc(resource, await tokenOf("demo-analyst"), call("browse", { query: "x".repeat(201) }));
    expect(res.body.result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining("Invalid arguments for tool browse: /query: must be at most 200 characters") }] });
  });

  it("lets MCP Inspector's web UI call it from the browser (CORS), challenges exposed", async () => {
    const origin = "http://localhost:6274";
    const preflight = await fetch(resource, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const anonymous = await rpc(resource, undefined, call("browse", { query: "q" }), { origin });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(`Bearer scope="research:browse", resource_metadata="${new URL("/.well-known/oauth-protected-resource/mcp", resource)}"`);
    expect(anonymous.headers.get("access-control-allow-origin")).toBe(origin);
    expect(anonymous.headers.get("access-control-expose-headers")).toContain("www-authenticate");
    const other = await rpc(resource, undefined, call("browse", { query: "q" }), { origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
