import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "../auth-info.js";
import type { GuardOutcome, RequestBody } from "../guard.js";
import type { HttpAnswer } from "../refusal-response.js";
import type { Toolgate } from "../toolgate.js";

/** A Node request after the guard: `auth` is what the MCP SDK's transports pass to handlers as `extra.authInfo`. */
export type AuthenticatedRequest = IncomingMessage & { auth?: AuthInfo };

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

/**
 * Reads a JSON body, refusing more than `limit` bytes without buffering them (declared length
 * first, then as it streams). The connection is closed after a refusal so the rest is not read.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  if (req.method !== "POST" && req.method !== "PUT" && req.method !== "PATCH") return { kind: "none" };
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return { kind: "too_large" };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) return { kind: "too_large" };
      chunks.push(chunk);
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
  });
  if (!outcome.allowed) {
    if (outcome.error.code === "request_too_large") res.setHeader("connection", "close");
    sendAnswer(res, outcome.answer);
    return outcome;
  }
  req.auth = outcome.authInfo;
  res.once("close", outcome.finish);
  return outcome;
}
