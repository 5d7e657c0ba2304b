import type { SqlPool } from "../db/prisma.js";
import { resourceCandidates, type ResourceServerRow } from "./resource-lookup.js";

export interface ResourceGrantQuery {
  /** The resource indicator as the client sent it. */
  resource: string;
  clientId: string;
  /** The user on whose behalf the client acts; undefined for machine tokens. */
  userId?: string | undefined;
}

export interface ResourceGrant {
  server: ResourceServerRow;
  /** Scope names of the server the client's roles grant and, with a user, the user's too. */
  grantable: Set<string>;
  /**
   * `required` when the server requires approval of self-registered clients and this client (DCR
   * or CIMD) has none yet; otherwise the recorded decision, or `not_needed`.
   */
  approval: "not_needed" | "required" | "pending" | "approved" | "denied";
}

/**
 * The MCP server a resource indicator names (see resource-lookup.ts for the matching rule) and
 * the scopes of it that may be granted. Read from the database on every decision, so a role
 * change applies to the next token. One hand-written query: it runs on every token request
 * (see db/hot-path.md).
 */
export async function resolveResourceGrant(pool: SqlPool, { resource, clientId, userId }: ResourceGrantQuery): Promise<ResourceGrant | undefined> {
  const [exact, other] = resourceCandidates(resource);
  const { rows } = await pool.query<ResourceServerRow & { grantable: string[]; approval: ResourceGrant["approval"] }>(
    `SELECT m.id, m.resource_uri AS "resourceUri", m.name, m.access_token_ttl AS "accessTokenTtl",
       CASE
         WHEN NOT m.require_approval THEN 'not_needed'
         WHEN NOT EXISTS (SELECT 1 FROM client c WHERE c.id = $3 AND c.kind IN ('dcr', 'cimd')) THEN 'not_needed'
         ELSE coalesce((SELECT a.status::text FROM client_approval a WHERE a.client_id = $3 AND a.server_id = m.id), 'required')
       END AS approval,
       ARRAY(
         SELECT s.name FROM scope s
         WHERE s.server_id = m.id
           AND EXISTS (SELECT 1 FROM role_scope rs JOIN client_role cr ON cr.role_id = rs.role_id
                       WHERE rs.scope_id = s.id AND cr.client_id = $3)
           AND ($4::text IS NULL
                OR EXISTS (SELECT 1 FROM role_scope rs JOIN user_role ur ON ur.role_id = rs.role_id
                           WHERE rs.scope_id = s.id AND ur.user_id = $4::text))
         ORDER BY s.name
       ) AS grantable
     FROM mcp_server m WHERE m.resource_uri IN ($1, $2)`,
    [exact, other, clientId, userId ?? null],
  );
  // Both forms registered as two servers: the exact one wins.
  const row = rows.find((s) => s.resourceUri === resource) ?? rows[0];
  if (!row) return undefined;
  const { grantable, approval, ...server } = row;
  return { server, grantable: new Set(grantable), approval };
}
