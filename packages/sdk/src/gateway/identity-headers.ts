import type { IncomingHttpHeaders } from "node:http";
import type { ToolgateAuthInfo } from "../auth-info.js";

/**
 * Request headers the gateway forwards to the upstream MCP server: what Streamable HTTP needs
 * (MCP transports §Streamable HTTP: session, protocol version, resumption; 2026-07-28 §Request
 * Metadata: `Mcp-Method`, `Mcp-Name`, and every `Mcp-Param-*`, which the guard has checked
 * against the body where it knows them) and nothing else.
 * An allow-list, so the Authorization header is never forwarded (MCP authorization §Access Token
 * Privilege Restriction: token passthrough is forbidden), nor cookies, nor any `x-toolgate-*`
 * header the client made up.
 */
export const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id", "mcp-method", "mcp-name"] as const;

/** 2025-era session and resumption headers: a 2026-07-28 request's are ignored, so not forwarded. */
const LEGACY_ONLY_HEADERS: ReadonlySet<string> = new Set(["mcp-session-id", "last-event-id"]);

/** Response headers passed back to the client (hop-by-hop and length headers are not: the body is re-streamed, maybe filtered). */
export const FORWARDED_RESPONSE_HEADERS = ["content-type", "cache-control", "mcp-session-id", "mcp-protocol-version", "allow", "retry-after"] as const;

export const IDENTITY_HEADERS = {
  subject: "x-toolgate-subject",
  clientId: "x-toolgate-client-id",
  scopes: "x-toolgate-scopes",
  actor: "x-toolgate-actor",
} as const;

export function upstreamRequestHeaders(headers: IncomingHttpHeaders, auth: ToolgateAuthInfo, identity: boolean, era: "modern" | "legacy" = "legacy"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    if (era === "modern" && LEGACY_ONLY_HEADERS.has(name)) continue;
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
  }
  // Intermediaries forward the Mcp-Param-* headers they do not recognize (2026-07-28 §Custom Headers).
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("mcp-param-") && typeof value === "string") out[name] = value;
  }
  if (identity) Object.assign(out, identityHeaders(auth));
  return out;
}

/**
 * The verified caller, for an upstream with no auth code of its own. Lists are space-separated
 * (scopes as in OAuth; the actor chain nearest actor first, empty for an agent's own token). Each
 * item is percent-encoded where it must be (outside printable ASCII, space, `%`), so
 * `decodeURIComponent` of each item gives it back and a value can never smuggle a header.
 */
export function identityHeaders(auth: ToolgateAuthInfo): Record<string, string> {
  return {
    [IDENTITY_HEADERS.subject]: headerItem(auth.extra.subject),
    [IDENTITY_HEADERS.clientId]: headerItem(auth.clientId),
    [IDENTITY_HEADERS.scopes]: auth.scopes.map(headerItem).join(" "),
    [IDENTITY_HEADERS.actor]: auth.extra.actorChain.map(headerItem).join(" "),
  };
}

function headerItem(value: string): string {
  return /^[\x21-\x24\x26-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
