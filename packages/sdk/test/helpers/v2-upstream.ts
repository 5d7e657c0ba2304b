import type { IncomingMessage, ServerResponse } from "node:http";
import { createMcpHandler, type McpServerFactory } from "@modelcontextprotocol/server";
import type { UpstreamRequest } from "./upstream-mcp.js";

/** Serves a fetch-shaped handler on `node:http` (what a Workers/Bun/Deno host does natively); `seen` records each request as it arrived. */
export function nodeBridge(fetchHandler: (request: Request) => Promise<Response>, seen?: UpstreamRequest[]) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    seen?.push({ method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "content-length") headers.set(k, v);
    const answer = await fetchHandler(new Request(`http://127.0.0.1${req.url}`, { method: req.method!, headers, ...(raw ? { body: raw } : {}) }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of answer.body) res.write(chunk);
    res.end();
  };
}

/** A v2 MCP server with NO auth code (both eras, `createMcpHandler` of the v2 SDK) on `node:http`, recording what it receives. */
export function unprotectedV2Server(factory: McpServerFactory, seen: UpstreamRequest[], responseMode: "auto" | "sse" | "json" = "auto") {
  const mcp = createMcpHandler(factory, { responseMode });
  return nodeBridge((request) => mcp.fetch(request), seen);
}
