import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_HEADERS = "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id";
const EXPOSE_HEADERS = "www-authenticate, mcp-session-id, mcp-protocol-version, retry-after";

/**
 * CORS for browser clients calling the MCP endpoint directly (MCP Inspector's UI, say): the
 * request's origin is allowed when listed (`"*"` for any), and the challenge and session headers
 * are exposed to it. Answers a preflight itself: returns true when the response is done.
 */
export function applyCors(origins: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin || !(origins.has(origin) || origins.has("*"))) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "origin");
  res.setHeader("access-control-expose-headers", EXPOSE_HEADERS);
  if (req.method !== "OPTIONS") return false;
  // Mcp-Param-* names depend on the tools: a preflight asking for them is granted them.
  const asked = String(req.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^mcp-param-[a-z0-9-]+$/.test(h));
  res.writeHead(204, {
    "access-control-allow-methods": "POST, GET, DELETE, OPTIONS",
    "access-control-allow-headers": [ALLOW_HEADERS, ...asked].join(", "),
    "access-control-max-age": "600",
  });
  res.end();
  return true;
}
