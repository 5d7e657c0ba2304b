import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AuthInfo } from "../auth-info.js";
import type { RequestBody } from "../guard.js";
import { mcpHeadersOf } from "./node-http.js";
import type { HttpAnswer } from "../refusal-response.js";
import type { Toolgate } from "../toolgate.js";
import { sseRewriter } from "../gateway/sse-filter.js";
import { filterToolsListAnswer, toolsListIds } from "../gateway/tools-list-filter.js";
import { gatewayError, singleId } from "./relay-answer.js";

/**
 * The web-standard face of an MCP endpoint — the v2 SDK's `McpHttpHandler.fetch`, or
 * `WebStandardStreamableHTTPServerTransport.handleRequest`: both take the caller as `authInfo` and
 * a body already read as `parsedBody`.
 */
export type FetchHandler = (request: Request, options: { authInfo: AuthInfo; parsedBody: unknown }) => Promise<Response>;

export interface ToolgateFetchOptions {
  /** Path of the MCP endpoint; default: the resource URI's path. */
  path?: string;
  /** Largest JSON answer, or event of an event stream, buffered to filter `tools/list` (default 16 MiB). */
  maxAnswerBytes?: number;
}

/**
 * For fetch-shaped hosts (Workers, Bun, Deno, Hono's `c.req.raw`): `(request) => Promise<Response>`
 * that serves the Protected Resource Metadata, guards the MCP endpoint, calls `handler` with the
 * verified caller and the parsed body, and filters `tools/list` answers. Other paths answer 404.
 * Needs `node:stream` (Node, Bun, Deno, Workers with `nodejs_compat`).
 */
export function toolgateFetch(toolgate: Toolgate, handler: FetchHandler, options: ToolgateFetchOptions = {}): (request: Request) => Promise<Response> {
  const path = options.path ?? toolgate.mcpPath;
  const maxAnswerBytes = options.maxAnswerBytes ?? 16 * 1024 * 1024;
  return async (request) => {
    const url = new URL(request.url);
    if (["GET", "HEAD", "OPTIONS"].includes(request.method) && toolgate.metadataPaths.includes(url.pathname)) return metadataResponse(toolgate, request.method);
    if (url.pathname !== path) return toResponse(gatewayError(404, "not_found", "Not found"));

    const body = request.method === "POST" ? await readJson(request, toolgate.maxBodyBytes) : ({ kind: "none" } as const);
    const requestId = request.headers.get("x-request-id");
    const outcome = await toolgate.guard({
      url: url.pathname + url.search,
      authorization: request.headers.has("authorization") ? [request.headers.get("authorization")!] : undefined,
      body,
      ...(requestId ? { requestId } : {}),
      mcpHeaders: mcpHeadersOf(Object.fromEntries(request.headers)),
    });
    if (!outcome.allowed) return toResponse(outcome.answer);

    const headers = new Headers(request.headers);
    for (const name of ["authorization", "cookie", "proxy-authorization", "content-length"]) headers.delete(name);
    const forwarded = new Request(request.url, {
      method: request.method,
      headers,
      signal: request.signal,
      ...(request.method === "POST" && outcome.body !== undefined ? { body: JSON.stringify(outcome.body) } : {}),
    });
    let answer: Response;
    try {
      answer = await handler(forwarded, { authInfo: outcome.authInfo, parsedBody: outcome.body });
    } catch (err) {
      outcome.finish();
      throw err;
    }
    const filtered = await filterAnswer(toolgate, outcome.authInfo, request.method, outcome.body, answer, maxAnswerBytes);
    // Audited when the answer is handed back (a stream may still be running; its calls were allowed).
    outcome.finish();
    return filtered;
  };
}

async function filterAnswer(toolgate: Toolgate, auth: AuthInfo, method: string, body: unknown, answer: Response, maxAnswerBytes: number): Promise<Response> {
  const pending = method === "POST" && toolgate.filterToolsList && answer.ok ? toolsListIds(body) : new Set<string>();
  if (pending.size === 0 || !answer.body) return answer;
  const headers = new Headers(answer.headers);
  headers.delete("content-length");
  const type = (answer.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/event-stream") {
    const source = Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>);
    const rewritten = source.pipe(sseRewriter((data) => filterToolsListAnswer(toolgate, auth, data, pending), () => pending.size === 0, maxAnswerBytes));
    source.once("error", (err) => rewritten.destroy(err));
    return new Response(Readable.toWeb(rewritten) as ReadableStream<Uint8Array>, { status: answer.status, headers });
  }
  const text = await answer.text();
  if (Buffer.byteLength(text) > maxAnswerBytes) return toResponse(gatewayError(502, "upstream_failed", "The MCP server's answer to tools/list is too large", singleId(body)));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return toResponse(gatewayError(502, "upstream_failed", "The MCP server's answer to tools/list is not JSON", singleId(body)));
  }
  const filtered = filterToolsListAnswer(toolgate, auth, parsed, pending);
  return new Response(filtered === undefined ? text : JSON.stringify(filtered), { status: answer.status, headers });
}

/** Reads a JSON body of at most `limit` bytes, counting the bytes as they arrive (a chunked body declares no length). */
async function readJson(request: Request, limit: number): Promise<RequestBody> {
  if (Number(request.headers.get("content-length") ?? "0") > limit) return { kind: "too_large" };
  if (!request.body) return { kind: "malformed" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel();
        return { kind: "too_large" };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: "malformed" };
  }
  if (size === 0) return { kind: "malformed" };
  try {
    return { kind: "json", value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { kind: "malformed" };
  }
}

function metadataResponse(toolgate: Toolgate, method: string): Response {
  const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, OPTIONS", "access-control-allow-headers": "mcp-protocol-version" };
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
  const body = JSON.stringify(toolgate.protectedResourceMetadata());
  return new Response(method === "HEAD" ? null : body, { status: 200, headers: { ...cors, "content-type": "application/json", "cache-control": "public, max-age=60" } });
}

function toResponse(answer: HttpAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
