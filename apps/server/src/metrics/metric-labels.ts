import type { SqlPool } from "../db/prisma.js";
import { resourceCandidates } from "../domain/resource-lookup.js";
import { NO_GRANT_TYPE, NO_RESOURCE, UNKNOWN_RESOURCE, UNREGISTERED_TOOL, UNSUPPORTED_GRANT_TYPE } from "./metrics.js";

/** The `tool` label: the name if the MCP server registered that tool, otherwise one shared label. */
export function toolLabel(registered: ReadonlySet<string>, tool: string): string {
  return registered.has(tool) ? tool : UNREGISTERED_TOOL;
}

/**
 * The `resource` label of a token request: the registered resource URI it names (matched as
 * token requests match it, trailing slash aside), "(unknown)" for anything else, "(none)" when it
 * names none. Answers are cached for `ttlMs` in a bounded map, so a flood of refused requests
 * with made-up resources costs few queries and no memory beyond `maxEntries`.
 */
export function createResourceLabels(pool: SqlPool, { ttlMs = 10_000, maxEntries = 1_000, now = Date.now } = {}) {
  const cache = new Map<string, { label: string; at: number }>();
  return async function resourceLabel(resource: unknown): Promise<string> {
    if (resource === undefined || resource === "") return NO_RESOURCE;
    if (typeof resource !== "string") return UNKNOWN_RESOURCE;
    const hit = cache.get(resource);
    if (hit && now() - hit.at < ttlMs) return hit.label;
    const [exact, other] = resourceCandidates(resource);
    const { rows } = await pool.query<{ resource_uri: string }>(
      "SELECT resource_uri FROM mcp_server WHERE resource_uri IN ($1, $2)", [exact, other],
    );
    const label = (rows.find((r) => r.resource_uri === resource) ?? rows[0])?.resource_uri ?? UNKNOWN_RESOURCE;
    if (cache.size >= maxEntries) cache.clear();
    cache.set(resource, { label, at: now() });
    return label;
  };
}

/** Grant types oidc-provider can serve (RFC 6749, RFC 8628, CIBA, RFC 8693). */
const GRANT_TYPES = new Set([
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:openid:params:grant-type:ciba",
  "urn:ietf:params:oauth:grant-type:token-exchange",
]);

/**
 * The `grant_type` label of a refused token request. A refusal can come before oidc-provider
 * checks the grant type (client authentication runs first), so the value may be anything the
 * caller sent: only a known grant type is used as is.
 */
export function grantTypeLabel(grantType: unknown): string {
  if (grantType === undefined || grantType === "") return NO_GRANT_TYPE;
  return typeof grantType === "string" && GRANT_TYPES.has(grantType) ? grantType : UNSUPPORTED_GRANT_TYPE;
}
