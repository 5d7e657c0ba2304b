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

describe("examples/research-server on the demo seed", () => {
  it("lets demo-analyst browse and export, refuses purge with a step-up challenge; demo-admin purges", async () => {
    const analyst = new Client({ name: "t", version: "1" });
    await analyst.connect(new StreamableHTTPClientTransport(new URL(resource), { requestInit: { headers: { authorization: `Bearer ${await tokenOf("demo-analyst")}` } } }));
    expect((await analyst.listTools()).tools.map((t) => t.name).sort()).toEqual(["browse", "export"]);
    const browsed = await analyst.callTool({ name: "browse", arguments: { query: "tokens" } });
    expect((browsed.content as { text: string }[])[0]!.text).toContain("for demo-analyst");
    expect((await analyst.callTool({ name: "export", arguments: {} })).isError).toBeFalsy();
    await analyst.close();

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
    expect(anonymous.headers.get("access-control-allow-origin")).toBe(origin);
    expect(anonymous.headers.get("access-control-expose-headers")).toContain("www-authenticate");
    const other = await rpc(resource, undefined, call("browse", { query: "q" }), { origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
