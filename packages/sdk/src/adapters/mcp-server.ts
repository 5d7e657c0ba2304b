import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ToolgateAuthInfo } from "../auth-info.js";
import type { Toolgate } from "../toolgate.js";
import { applyCors } from "./cors.js";
import { guardTransport } from "./guard-transport.js";
import { guardNodeRequest, isMetadataRequest, pathOf, readJsonBody, sendAnswer, sendMetadata } from "./node-http.js";

export { guardTransport } from "./guard-transport.js";

/** An `McpServer` (or the low-level `Server`) of `@modelcontextprotocol/sdk`. */
export interface ConnectableServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

export interface McpHandlerOptions {
  /**
   * Makes the MCP server for one request (stateless Streamable HTTP: the SDK wants a fresh server
   * and transport per request). Tool handlers find the caller in `extra.authInfo`
   * (`identityOf(extra.authInfo)` for subject, actor chain and token id).
   */
  server: (authInfo: ToolgateAuthInfo) => ConnectableServer | Promise<ConnectableServer>;
  /** Path of the MCP endpoint; default: the resource URI's path. */
  path?: string;
  /** Answer with JSON instead of an SSE stream (StreamableHTTPServerTransport's option). */
  enableJsonResponse?: boolean;
  /**
   * Browser origins allowed to call the endpoint directly (CORS), e.g. MCP Inspector's
   * `http://localhost:6274`; `["*"]` for any. Challenges and the session id are exposed to them.
   * Default: none (no CORS headers; non-browser clients and proxies are unaffected).
   */
  corsOrigins?: string[];
}

/**
 * A complete `http.createServer` handler for an `McpServer` of `@modelcontextprotocol/sdk` over
 * Streamable HTTP (stateless), protected by Toolgate: Protected Resource Metadata, the guard, the
 * caller's identity in every handler's `extra.authInfo`, and `tools/list` filtered to what the
 * caller may call. Other paths answer 404; GET and DELETE on the endpoint 405 (no sessions).
 */
export function createMcpHandler(toolgate: Toolgate, options: McpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const path = options.path ?? toolgate.mcpPath;
  const origins = new Set(options.corsOrigins ?? []);
  return async (req, res) => {
    try {
      if (isMetadataRequest(toolgate, req.method, req.url)) return sendMetadata(toolgate, req, res);
      if (pathOf(req.url) !== path) return sendAnswer(res, jsonError(404, "Not found"));
      if (applyCors(origins, req, res)) return;
      const outcome = await guardNodeRequest(toolgate, req, res, await readJsonBody(req, toolgate.maxBodyBytes));
      if (!outcome.allowed) return;
      if (req.method !== "POST") {
        const answer = jsonError(405, "Method not allowed: this MCP server is stateless (POST only)");
        return sendAnswer(res, { ...answer, headers: { ...answer.headers, allow: "POST" } });
      }
      const server = await options.server(outcome.authInfo);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: options.enableJsonResponse ?? false });
      res.once("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(guardTransport(toolgate, transport));
      await transport.handleRequest(req, res, outcome.body);
    } catch (err) {
      if (!res.headersSent) sendAnswer(res, jsonError(500, "Internal error"));
      else res.end();
      console.error("[toolgate] MCP request failed:", err);
    }
  };
}

function jsonError(status: number, message: string) {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message } }),
  };
}
