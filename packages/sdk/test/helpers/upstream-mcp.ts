import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { researchMcpServer, type HandledCall } from "./research-mcp.js";

/** What the upstream MCP server received, as it arrived. */
export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The research MCP server with NO auth code, as a gateway would front it: `json` is stateless with
 * JSON answers (enableJsonResponse); `sse` is stateful (sessions, a GET stream, DELETE) with
 * event-stream answers. Every request is recorded before the MCP SDK sees it.
 */
export function unprotectedResearchServer(mode: "json" | "sse", seen: UpstreamRequest[], handled: HandledCall[]) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readAll(req);
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (mode === "json") {
      const server = researchMcpServer(handled);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.once("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    const sid = req.headers["mcp-session-id"];
    let transport = typeof sid === "string" ? sessions.get(sid) : undefined;
    if (!transport) {
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, created),
        onsessionclosed: (id) => void sessions.delete(id),
      });
      await researchMcpServer(handled).connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, body);
  };
}

/** The JSON-RPC messages of an answer: the JSON body, or the `data:` of each event of an event stream. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions inspect arbitrary JSON-RPC
export function messagesOf(body: unknown): any[] {
  if (typeof body !== "string") return Array.isArray(body) ? body : [body];
  return body
    .split(/\n\n/)
    .map((event) => event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n"))
    .filter(Boolean)
    .map((data) => JSON.parse(data));
}
