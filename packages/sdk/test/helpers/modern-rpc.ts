import { rpc } from "./research-mcp.js";

/** The per-request envelope of a 2026-07-28 request (basic §_meta). */
export const MODERN = "2026-07-28";
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** A 2026-07-28 request as a conforming client sends it: the envelope in `_meta`, and the mirrored headers. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id: number | string = 1) {
  const name = method === "tools/call" || method === "prompts/get" ? params.name : method === "resources/read" ? params.uri : undefined;
  return {
    body: { jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } },
    headers: { "mcp-protocol-version": MODERN, "mcp-method": method, ...(typeof name === "string" ? { "mcp-name": name } : {}) } as Record<string, string>,
  };
}

/** Sends a modern request; `headers` override (a value `undefined` removes the header). */
export function sendModern(url: string, token: string | undefined, req: { body: unknown; headers: Record<string, string> }, headers: Record<string, string | undefined> = {}) {
  const merged: Record<string, string> = { ...req.headers };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return rpc(url, token, req.body, merged);
}
