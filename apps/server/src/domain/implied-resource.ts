import type { SqlPool } from "../db/prisma.js";

/** Setting key: the MCP server (by id) a request without `resource` is for, when its scopes do not say. */
export const DEFAULT_RESOURCE_SETTING = "resource.defaultServerId";

export type ImpliedResource =
  | { kind: "resolved"; resourceUri: string; from: "scopes" | "default" }
  /** The requested scopes belong to different MCP servers: only `resource` can say which. */
  | { kind: "spans"; resourceUris: string[] }
  | { kind: "none" };

/**
 * The audience of a request that names no `resource` (RFC 8707 leaves the default to the
 * authorization server, §2): the one registered MCP server that has every requested scope; else
 * the default resource an administrator picked; else none. Scopes that each belong to some server
 * but to no server together are a request spanning servers: never answered with a default.
 * One query (it runs on every such request, see db/hot-path.md).
 */
export async function impliedResource(pool: SqlPool, scopes: readonly string[]): Promise<ImpliedResource> {
  const requested = [...new Set(scopes)];
  const { rows } = await pool.query<{ resource_uri: string; owned: string[]; is_default: boolean }>(
    `SELECT m.resource_uri,
       ARRAY(SELECT DISTINCT s.name FROM scope s WHERE s.server_id = m.id AND s.name = ANY($1::text[])) AS owned,
       EXISTS (SELECT 1 FROM setting st WHERE st.key = $2 AND st.value #>> '{}' = m.id) AS is_default
     FROM mcp_server m
     WHERE EXISTS (SELECT 1 FROM scope s WHERE s.server_id = m.id AND s.name = ANY($1::text[]))
        OR EXISTS (SELECT 1 FROM setting st WHERE st.key = $2 AND st.value #>> '{}' = m.id)`,
    [requested, DEFAULT_RESOURCE_SETTING],
  );
  const fallback = rows.find((r) => r.is_default);
  const byDefault = fallback ? { kind: "resolved" as const, resourceUri: fallback.resource_uri, from: "default" as const } : { kind: "none" as const };
  if (requested.length === 0) return byDefault;

  const owners = rows.filter((r) => r.owned.length > 0);
  const withAll = owners.filter((r) => r.owned.length === requested.length);
  if (withAll.length === 1) return { kind: "resolved", resourceUri: withAll[0]!.resource_uri, from: "scopes" };
  // Several servers define all of them (the same scope names): the default decides if it is one.
  if (withAll.length > 1) return fallback?.owned.length === requested.length ? byDefault : spans(withAll);
  const covered = new Set(owners.flatMap((r) => r.owned));
  if (covered.size === requested.length) return spans(owners);
  // Some scope belongs to no server: nothing to infer from them.
  return byDefault;
}

function spans(rows: { resource_uri: string }[]): ImpliedResource {
  return { kind: "spans", resourceUris: rows.map((r) => r.resource_uri).sort() };
}
