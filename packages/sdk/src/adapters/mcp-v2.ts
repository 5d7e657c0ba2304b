import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createMcpHandler as createV2McpHandler,
  type CreateMcpHandlerOptions,
  type McpHandlerRequestOptions,
  type McpServerFactory,
} from "@modelcontextprotocol/server";
import type { Toolgate } from "../toolgate.js";
import { applyCors } from "./cors.js";
import { guardNodeRequest, isMetadataRequest, pathOf, readJsonBody, sendAnswer, sendMetadata } from "./node-http.js";
import { gatewayError, relayAnswer } from "./relay-answer.js";

/** What Toolgate needs of a v2 serving entry: `createMcpHandler(...)` of `@modelcontextprotocol/server` is one. */
export interface FetchMcpHandler {
  fetch(request: Request, options?: McpHandlerRequestOptions): Promise<Response>;
}

export interface ProtectOptions {
  /** Path of the MCP endpoint; default: the resource URI's path. */
  path?: string;
  /**
   * Browser origins allowed to call the endpoint directly (CORS), e.g. MCP Inspector's
   * `http://localhost:6274`; `["*"]` for any. Default: none.
   */
  corsOrigins?: string[];
  /** Largest JSON answer, or event of an event stream, buffered to filter `tools/list` (default 16 MiB). */
  maxAnswerBytes?: number;
}

export interface McpV2HandlerOptions extends ProtectOptions, Omit<CreateMcpHandlerOptions, "maxRequestBodySize"> {
  /**
   * The v2 server factory (`@modelcontextprotocol/server`'s `McpServerFactory`): a fresh `McpServer`
   * per request, for both protocol eras. `ctx.authInfo` is the verified caller; in tool handlers
   * it is `ctx.http.authInfo` (`identityOf(ctx.http?.authInfo)` for subject, actor chain, token id).
   */
  server: McpServerFactory;
}

/** Request headers not handed to the MCP server: the token stays with Toolgate (no token passthrough). */
const WITHHELD = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * A complete `http.createServer` handler for an MCP server of the v2 SDK
 * (`@modelcontextprotocol/server` ≥ 2.4), protected by Toolgate: both protocol eras on one endpoint
 * (2026-07-28 stateless requests and `server/discover`, and 2025-era clients through the SDK's
 * stateless legacy serving), each request guarded before the SDK sees it, the caller handed to
 * the SDK as its own `authInfo`, and `tools/list` filtered in JSON and event-stream answers.
 */
export function createMcpHandler(toolgate: Toolgate, options: McpV2HandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { server, path, corsOrigins, maxAnswerBytes, ...entry } = options;
  // The guard has already refused a body over toolgate.maxBodyBytes; the SDK reads none itself (parsedBody).
  const mcp = createV2McpHandler(server, { ...entry, maxRequestBodySize: toolgate.maxBodyBytes });
  return protectMcpHandler(toolgate, mcp, { ...(path ? { path } : {}), ...(corsOrigins ? { corsOrigins } : {}), ...(maxAnswerBytes ? { maxAnswerBytes } : {}) });
}

/**
 * Puts Toolgate in front of a v2 serving entry you made yourself (`createMcpHandler(factory, …)`
 * of `@modelcontextprotocol/server`, or anything with its `fetch(request, { authInfo, parsedBody })`
 * face): serves the Protected Resource Metadata, guards the endpoint, passes the verified caller
 * as `authInfo` — the SDK's own, pass-through channel to the factory and the handlers — and
 * filters `tools/list`. For `http.createServer`; other paths answer 404.
 */
export function protectMcpHandler(toolgate: Toolgate, mcp: FetchMcpHandler, options: ProtectOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const path = options.path ?? toolgate.mcpPath;
  const origins = new Set(options.corsOrigins ?? []);
  const maxAnswerBytes = options.maxAnswerBytes ?? 16 * 1024 * 1024;
  if (!Number.isFinite(maxAnswerBytes) || maxAnswerBytes <= 0) throw new TypeError("maxAnswerBytes must be a positive number");
  return async (req, res) => {
    try {
      if (isMetadataRequest(toolgate, req.method, req.url)) return sendMetadata(toolgate, req, res);
      if (pathOf(req.url) !== path) return sendAnswer(res, gatewayError(404, "not_found", "Not found"));
      if (applyCors(origins, req, res)) return;
      const outcome = await guardNodeRequest(toolgate, req, res, await readJsonBody(req, toolgate.maxBodyBytes));
      if (!outcome.allowed) return;

      // The client going away cancels the request (2026-07-28 transports §Cancellation).
      const abort = new AbortController();
      res.once("close", () => abort.abort());
      const answer = await mcp.fetch(webRequest(toolgate, req, outcome.body, abort.signal), { authInfo: outcome.authInfo, parsedBody: outcome.body });
      await relayAnswer(res, answer, { method: req.method, body: outcome.body, auth: outcome.authInfo, toolgate, maxAnswerBytes });
    } catch (err) {
      if (res.destroyed) return;
      if (!res.headersSent) sendAnswer(res, gatewayError(500, "internal_error", "Internal error"));
      else res.destroy();
      console.error("[toolgate] MCP request failed:", err);
    }
  };
}

/** The guarded Node request as the web `Request` the v2 SDK serves: same method, path and headers (minus credentials), the body already read. */
function webRequest(toolgate: Toolgate, req: IncomingMessage, body: unknown, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || WITHHELD.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const url = new URL(req.url ?? "/", toolgate.resource);
  const hasBody = req.method === "POST" && body !== undefined;
  headers.delete("transfer-encoding");
  if (hasBody) headers.delete("content-length");
  return new Request(url, { method: req.method ?? "GET", headers, signal, ...(hasBody ? { body: JSON.stringify(body) } : {}) });
}

export { toolgateFetch, type FetchHandler, type ToolgateFetchOptions } from "./fetch.js";
export { guardTransport, type McpTransport } from "./guard-transport.js";
