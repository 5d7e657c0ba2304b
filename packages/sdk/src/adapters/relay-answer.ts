import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AuthInfo } from "../auth-info.js";
import { rpcError, rpcMessages, type JsonRpcId } from "../json-rpc.js";
import type { HttpAnswer } from "../refusal-response.js";
import type { Toolgate } from "../toolgate.js";
import { FORWARDED_RESPONSE_HEADERS } from "../gateway/identity-headers.js";
import { sseRewriter } from "../gateway/sse-filter.js";
import { filterToolsListAnswer, toolsListIds } from "../gateway/tools-list-filter.js";
import { sendAnswer } from "./node-http.js";

export interface RelayContext {
  /** The HTTP method of the request answered. */
  method: string | undefined;
  /** Its JSON-RPC body, to know which answers are `tools/list` results. */
  body: unknown;
  auth: AuthInfo;
  toolgate: Toolgate;
  /** Largest JSON answer, or event of an event stream, buffered to filter `tools/list`. */
  maxAnswerBytes: number;
  /** Whether `Mcp-Session-Id` is passed back (2025-era requests; default true). */
  sessions?: boolean;
  /** Called when the answer turns out to be an event stream (it has no deadline once started). */
  onStream?: () => void;
}

/**
 * Writes a fetch `Response` of an MCP endpoint — an upstream's (gateway) or an in-process v2
 * handler's — to a Node response: headers from the allow-list, the body streamed, and the answers
 * to `tools/list` filtered to what the caller may call, in a JSON answer or in an event stream
 * alike. An answer to `tools/list` that cannot be parsed is not passed on (fail closed).
 */
export async function relayAnswer(res: ServerResponse, answer: Response, ctx: RelayContext): Promise<void> {
  const { toolgate, auth, maxAnswerBytes } = ctx;
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    if (name === "mcp-session-id" && ctx.sessions === false) continue;
    const value = answer.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const type = (answer.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const pending = ctx.method === "POST" && toolgate.filterToolsList && answer.ok ? toolsListIds(ctx.body) : new Set<string>();

  if (type === "text/event-stream") {
    ctx.onStream?.();
    // Reverse proxies must not buffer the stream (2026-07-28 transports §Receiving Messages).
    res.writeHead(answer.status, { ...headers, "x-accel-buffering": "no" });
    res.flushHeaders();
    if (!answer.body) return void res.end();
    const source = Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>);
    if (pending.size === 0) return pipeline(source, res);
    const rewrite = (data: unknown) => filterToolsListAnswer(toolgate, auth, data, pending);
    return pipeline(source, sseRewriter(rewrite, () => pending.size === 0, maxAnswerBytes), res);
  }

  if (pending.size === 0) {
    res.writeHead(answer.status, headers);
    if (!answer.body) return void res.end();
    return pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), res);
  }

  // A JSON answer to a tools/list: read it whole (bounded), filter, answer.
  const text = await readCapped(answer, maxAnswerBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return sendAnswer(res, gatewayError(502, "upstream_failed", "The MCP server's answer to tools/list is not JSON", singleId(ctx.body)));
  }
  const filtered = filterToolsListAnswer(toolgate, auth, parsed, pending);
  const out = filtered === undefined ? text : JSON.stringify(filtered);
  sendAnswer(res, { status: answer.status, headers, body: out });
}

async function readCapped(answer: Response, max: number): Promise<string> {
  if (Number(answer.headers.get("content-length") ?? "0") > max) throw new Error(`the MCP server's answer is over ${max} bytes`);
  if (!answer.body) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>)) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error(`the MCP server's answer is over ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The id of a single JSON-RPC request, for error answers (null for a batch or no body). */
export function singleId(body: unknown): JsonRpcId {
  const rpc = rpcMessages(body);
  const id = rpc && !rpc.batch ? rpc.messages[0]?.id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * The gateway's (and the adapters') own failures, beside the guard's `ToolgateErrorCode`
 * refusals: a closed union, so a caller can switch on `error.data.code` (README, "Gateway errors").
 */
export type GatewayErrorCode =
  // The MCP server behind the gateway (502/504).
  | "upstream_unreachable"
  | "upstream_timeout"
  | "upstream_failed"
  // The HTTP request (404/405).
  | "not_found"
  | "method_not_allowed"
  | "session_not_found"
  // A bug in the gateway itself (500), logged through onError.
  | "internal_error";

/** Gateway and adapter failures, as JSON-RPC errors (the same body shape as the SDK's refusals, with `data.code`). */
export function gatewayError(status: number, code: GatewayErrorCode, message: string, id: JsonRpcId = null): HttpAnswer {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(rpcError(id, -32000, message, { code })),
  };
}
