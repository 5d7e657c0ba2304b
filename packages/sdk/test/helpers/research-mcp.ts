import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { identityOf, type AuthInfo } from "../../src/index.js";

export interface HandledCall {
  tool: string;
  args: unknown;
  authInfo: AuthInfo | undefined;
}

/** The research MCP server (browse, export, purge, admin_reset); every handler run is recorded. */
export function researchMcpServer(handled: HandledCall[]): McpServer {
  const server = new McpServer({ name: "research", version: "1.0.0" });
  const record = (tool: string) => async (args: unknown, extra: { authInfo?: AuthInfo }) => {
    handled.push({ tool, args, authInfo: extra.authInfo });
    const who = identityOf(extra.authInfo);
    return { content: [{ type: "text" as const, text: JSON.stringify({ tool, subject: who?.subject, actorChain: who?.actorChain, clientId: extra.authInfo?.clientId }) }] };
  };
  server.registerTool("browse", { description: "Search papers", inputSchema: { query: z.string().max(200) } }, record("browse"));
  server.registerTool("export", { description: "Export results" }, (extra) => record("export")({}, extra));
  server.registerTool("purge", { description: "Delete the index" }, (extra) => record("purge")({}, extra));
  server.registerTool("admin_reset", { description: "Reset everything" }, (extra) => record("admin_reset")({}, extra));
  return server;
}

/** Listens on 127.0.0.1:port with a request handler; resolves to the server. */
export function listen(port: number, handler: Parameters<typeof createServer>[1]): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  // Give clients a moment to see their keep-alive sockets closed before the port is reused.
  return new Promise((resolve) => server.close(() => setTimeout(resolve, 50)));
}

export function addressOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** POSTs a JSON-RPC body to the MCP endpoint. */
export async function rpc(url: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions inspect arbitrary JSON-RPC
  return { status: res.status, headers: res.headers, body: json as any };
}

export const call = (name: string, args: unknown = {}, id: number | string = 1) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
