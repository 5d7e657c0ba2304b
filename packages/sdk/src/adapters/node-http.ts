import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { AuthInfo } from "../auth-info.js";
import type { GuardOutcome, RequestBody } from "../guard.js";
import type { McpRequestHeaders } from "../protocol-era.js";
import type { HttpAnswer } from "../refusal-response.js";
import type { Toolgate } from "../toolgate.js";

/**
 * A Node request after the guard: `auth` is what the MCP SDK's transports pass to handlers as
 * `extra.authInfo`; `toolgateRefuse(reason)` records that the request was refused after all, for the audit.
 */
export type AuthenticatedRequest = IncomingMessage & { auth?: AuthInfo; toolgateRefuse?: (reason: string) => void };

export function pathOf(url: string | undefined): string {
  const q = (url ?? "/").indexOf("?");
  return q < 0 ? (url ?? "/") : url!.slice(0, q);
}

export function isMetadataRequest(toolgate: Toolgate, method: string | undefined, url: string | undefined): boolean {
  return (method === "GET" || method === "HEAD" || method === "OPTIONS") && toolgate.metadataPaths.includes(pathOf(url));
}

/**
 * RFC 9728 §3.2: the metadata as JSON. Public and readable cross-origin: browser-based MCP
 * clients fetch it before they have any token.
 */
export function sendMetadata(toolgate: Toolgate, req: IncomingMessage, res: ServerResponse): void {
  const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, OPTIONS", "access-control-allow-headers": "mcp-protocol-version" };
  if (req.method === "OPTIONS") {
    res.writeHead(204, cors).end();
    return;
  }
  const body = JSON.stringify(toolgate.protectedResourceMetadata());
  res.writeHead(200, { ...cors, "content-type": "application/json", "cache-control": "public, max-age=60", "content-length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
}

export function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/** Methods whose requests carry a body the guard reads. */
export const BODY_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"]);

export type BodyBytes = { kind: "bytes"; bytes: Buffer } | { kind: "too_large" } | { kind: "failed" };

/**
 * Reads a request body of at most `limit` bytes without buffering more: the declared length
 * first, then the bytes as they arrive (a chunked body declares none). Past the limit it stops
 * keeping them and lets the rest drain unread; the stream is left open, not destroyed, so the
 * answer can still be written on its socket. The connection is closed after the refusal.
 */
export function readBodyBytes(stream: Readable, contentLength: string | undefined, limit: number): Promise<BodyBytes> {
  if (Number(contentLength ?? "0") > limit) return Promise.resolve({ kind: "too_large" });
  if (stream.readableEnded) return Promise.resolve({ kind: "bytes", bytes: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyBytes) => {
      if (settled) return;
      settled = true;
      stream.off("data", onData).off("end", onEnd).off("close", onClose);
      if (result.kind === "too_large") stream.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) return settle({ kind: "too_large" });
      chunks.push(bytes);
    };
    const onEnd = () => settle({ kind: "bytes", bytes: Buffer.concat(chunks, size) });
    const onClose = () => settle({ kind: "failed" });
    // Stays attached: an error after the refusal (the client gives up) must not go unhandled.
    stream.on("error", () => settle({ kind: "failed" }));
    stream.on("data", onData).once("end", onEnd).once("close", onClose);
  });
}

export function parseJsonBody(bytes: Buffer): RequestBody {
  if (bytes.length === 0) return { kind: "malformed" };
  try {
    return { kind: "json", value: JSON.parse(bytes.toString("utf8")) };
  } catch {
    return { kind: "malformed" };
  }
}

/** Reads and parses the JSON body of a request to the MCP endpoint, within `limit` bytes (see `readBodyBytes`). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  if (!BODY_METHODS.has(req.method ?? "")) return { kind: "none" };
  const read = await readBodyBytes(req, req.headers["content-length"], limit);
  if (read.kind === "bytes") return parseJsonBody(read.bytes);
  return read.kind === "too_large" ? { kind: "too_large" } : { kind: "malformed" };
}

/**
 * Runs the guard for a Node request whose body is already read: on refusal writes the answer; on
 * success sets `req.auth` and audits the allowed calls when the response is over.
 */
export async function guardNodeRequest(toolgate: Toolgate, req: AuthenticatedRequest, res: ServerResponse, body: RequestBody): Promise<GuardOutcome> {
  const requestId = req.headers["x-request-id"];
  const outcome = await toolgate.guard({
    url: req.url ?? "/",
    authorization: req.headersDistinct.authorization,
    body,
    ...(typeof requestId === "string" ? { requestId } : {}),
    mcpHeaders: mcpHeadersOf(req.headers),
  });
  if (!outcome.allowed) {
    if (outcome.error.code === "request_too_large") res.setHeader("connection", "close");
    sendAnswer(res, outcome.answer);
    return outcome;
  }
  req.auth = outcome.authInfo;
  req.toolgateRefuse = outcome.refuse;
  res.once("close", outcome.finish);
  return outcome;
}

/** The MCP request metadata headers (a repeated one counts as its first value: Node joins them, and a list can match no body value). */
export function mcpHeadersOf(headers: IncomingHttpHeaders): McpRequestHeaders {
  const one = (name: string) => {
    const v = headers[name];
    return typeof v === "string" ? v : Array.isArray(v) ? v[0] : undefined;
  };
  return { protocolVersion: one("mcp-protocol-version"), method: one("mcp-method"), name: one("mcp-name"), sessionId: one("mcp-session-id") };
}
