import type { IncomingMessage, ServerResponse } from "node:http";
import type { ToolgateAuthInfo } from "../auth-info.js";
import type { Fetch } from "../http-client.js";
import type { Toolgate } from "../toolgate.js";
import { toolgateNode, type AuthenticatedRequest } from "../adapters/node.js";
import { pathOf, sendAnswer } from "../adapters/node-http.js";
import { upstreamRequestHeaders } from "./identity-headers.js";
import { SessionOwners } from "./session-owners.js";
import { gatewayError, relayAnswer, singleId } from "../adapters/relay-answer.js";
import { rpcMessages } from "../json-rpc.js";
import { protocolEra } from "../protocol-era.js";

export { IDENTITY_HEADERS, FORWARDED_REQUEST_HEADERS } from "./identity-headers.js";
export { gatewayError, type GatewayErrorCode } from "../adapters/relay-answer.js";

export interface GatewayOptions {
  /** The MCP endpoint URL of the unprotected upstream server, e.g. `http://127.0.0.1:8000/mcp`. */
  upstream: string;
  /**
   * Send the verified caller to the upstream as `x-toolgate-subject`, `x-toolgate-client-id`,
   * `x-toolgate-scopes` and `x-toolgate-actor` (default `true`). `x-toolgate-*` headers sent by the
   * client are never forwarded either way.
   */
  identityHeaders?: boolean;
  /** Path of the MCP endpoint on the gateway; default: the resource URI's path. */
  path?: string;
  /**
   * Longest wait for the upstream's answer, in ms (default 60 000): until its response headers, and
   * for a JSON answer until its body is complete. Event streams, once open, last as long as the
   * upstream and the client keep them (a GET stream is long-lived by design); they end when the client goes.
   */
  upstreamTimeoutMs?: number;
  /** Largest JSON answer, or event of an event stream, the gateway buffers to filter `tools/list` (default 16 MiB). */
  maxUpstreamAnswerBytes?: number;
  /**
   * Bind each MCP session to the caller that created it (default `true`): a request with a session
   * id the gateway saw created for another subject or client answers 404, as an unknown session.
   */
  bindSessions?: boolean;
  /** For tests and proxies; default `globalThis.fetch`. */
  fetch?: Fetch;
}

const FORWARDED_METHODS = new Set(["POST", "GET", "DELETE"]);

/**
 * A gateway in front of an MCP server that has no auth code at all (Streamable HTTP): serves the
 * Protected Resource Metadata, guards the MCP endpoint exactly as the other adapters do (401/403
 * challenges, per-tool scopes, deny rules, argument validation, audit), then forwards the allowed
 * request to `upstream` — without the client's token — and streams the answer back, with
 * `tools/list` filtered to what the caller may call. For `http.createServer`.
 */
export function createGateway(toolgate: Toolgate, options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const upstream = checkUpstream(options.upstream);
  const path = options.path ?? toolgate.mcpPath;
  const identity = options.identityHeaders ?? true;
  const timeoutMs = positive("upstreamTimeoutMs", options.upstreamTimeoutMs ?? 60_000);
  const maxAnswerBytes = positive("maxUpstreamAnswerBytes", options.maxUpstreamAnswerBytes ?? 16 * 1024 * 1024);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sessions = options.bindSessions === false ? undefined : new SessionOwners();

  const forward = async (req: AuthenticatedRequest, res: ServerResponse, body: unknown): Promise<void> => {
    if (pathOf(req.url) !== path) return sendAnswer(res, gatewayError(404, "not_found", "Not found"));
    const auth = req.auth as ToolgateAuthInfo;
    const id = singleId(body);
    if (!FORWARDED_METHODS.has(req.method ?? "")) {
      req.toolgateRefuse?.("method_not_allowed: the gateway forwards POST, GET and DELETE");
      const answer = gatewayError(405, "method_not_allowed", "Method not allowed", id);
      return sendAnswer(res, { ...answer, headers: { ...answer.headers, allow: "POST, GET, DELETE" } });
    }

    // 2026-07-28 has no sessions: a modern request's Mcp-Session-Id (a stale one, or a 2025-era
    // session's) is ignored — neither checked, nor forwarded, nor echoed (transports §Backward Compatibility).
    const modern = protocolEra(rpcMessages(body)).era === "modern";
    const sessionId = !modern && typeof req.headers["mcp-session-id"] === "string" ? req.headers["mcp-session-id"] : undefined;
    if (sessions && !sessions.allows(sessionId, auth)) {
      // MCP transports §Session Management: an unknown session is a 404 (the client starts a new one).
      req.toolgateRefuse?.("session_not_found: the session belongs to another caller");
      return sendAnswer(res, gatewayError(404, "session_not_found", "Session not found", id));
    }

    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new UpstreamTimeout()), timeoutMs);
    // The client went away: so does the upstream request (an event stream would otherwise stay open).
    res.once("close", () => abort.abort());
    try {
      let answer: Response;
      try {
        answer = await fetchImpl(upstreamUrl(upstream, req.url), {
          method: req.method!,
          headers: {
            ...upstreamRequestHeaders(req.headers, auth, identity, modern ? "modern" : "legacy"),
            ...(req.method === "POST" ? { "content-type": "application/json" } : {}),
          },
          ...(req.method === "POST" ? { body: JSON.stringify(body) } : {}),
          redirect: "error",
          signal: abort.signal,
        });
      } catch (err) {
        if (abort.signal.reason instanceof UpstreamTimeout) return sendAnswer(res, gatewayError(504, "upstream_timeout", "The MCP server did not answer in time", id));
        if (res.destroyed) return;
        return sendAnswer(res, gatewayError(502, "upstream_unreachable", `The MCP server cannot be reached: ${causeOf(err)}`, id));
      }
      if (sessions && answer.ok && !modern) {
        if (req.method === "DELETE") sessions.forget(sessionId);
        else sessions.bind(answer.headers.get("mcp-session-id"), auth);
      }
      await relayAnswer(res, answer, { method: req.method, body, auth, toolgate, maxAnswerBytes, sessions: !modern, onStream: () => clearTimeout(timer) });
    } catch (err) {
      const timedOut = abort.signal.reason instanceof UpstreamTimeout;
      const clientGone = abort.signal.aborted && !timedOut;
      if (clientGone) return void res.destroy();
      // Headers already sent: the answer is cut short, which the client sees as a broken stream.
      if (res.headersSent) res.destroy();
      else if (timedOut) sendAnswer(res, gatewayError(504, "upstream_timeout", "The MCP server did not answer in time", id));
      else sendAnswer(res, gatewayError(502, "upstream_failed", "The MCP server's answer could not be relayed", id));
      if (!timedOut) console.warn("[toolgate] gateway: relaying the upstream's answer failed:", err);
    } finally {
      clearTimeout(timer);
    }
  };

  const guarded = toolgateNode(toolgate, forward, { path });
  return async (req, res) => {
    try {
      await guarded(req, res);
    } catch (err) {
      console.error("[toolgate] gateway request failed:", err);
      if (!res.headersSent) sendAnswer(res, gatewayError(500, "internal_error", "Internal error"));
      else res.destroy();
    }
  };
}

class UpstreamTimeout extends Error {
  override readonly name = "UpstreamTimeout";
}

/** The upstream endpoint with the request's query string added (the path is the upstream's own). */
function upstreamUrl(upstream: URL, requestUrl: string | undefined): URL {
  const url = new URL(upstream);
  const q = (requestUrl ?? "").indexOf("?");
  if (q >= 0) for (const [k, v] of new URLSearchParams(requestUrl!.slice(q + 1))) url.searchParams.append(k, v);
  return url;
}

function causeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause);
}

function checkUpstream(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError("upstream must be the absolute http(s) URL of the MCP endpoint");
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || typeof value !== "string") throw new TypeError("upstream must be the absolute http(s) URL of the MCP endpoint");
  if (url.username || url.password) throw new TypeError("upstream must not carry credentials");
  return url;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  return value;
}
