import type { SqlPool } from "../db/prisma.js";
import { resourceCandidates, type ResourceServerRow } from "./resource-lookup.js";
import { DEFAULT_ROLE_SETTING } from "./default-roles.js";

export interface ResourceGrantQuery {
  /** The resource indicator as the client sent it. */
  resource: string;
  clientId: string;
  /** The user on whose behalf the client acts; undefined for machine tokens. */
  userId?: string | undefined;
}

/** Why a scope of a request cannot be granted (shown on the consent page, named in errors). */
export type RefusalReason =
  /** The MCP server defines no such scope. */
  | "unknown"
  /** Toolgate's own administrative scopes never go to a self-registered (DCR or CIMD) client. */
  | "administrative"
  /** Beyond the client's ceiling: its roles, or for a self-registered client the server's default role. */
  | "client"
  /** The user holds no role that grants it. */
  | "user";

export interface ResourceGrant {
  server: ResourceServerRow;
  /** Scope names of the server that may be granted: the client's ceiling ∩ (with a user) the user's roles. */
  grantable: Set<string>;
  /** Scope names of the server that may not be granted now (the server's scopes − `grantable`). */
  ungrantable: string[];
  /** Why each scope outside `grantable` is refused. */
  refusalReason(scope: string): RefusalReason | undefined;
  /**
   * `required` when the server requires approval of self-registered clients and this client (DCR
   * or CIMD) has none yet; otherwise the recorded decision, or `not_needed`.
   */
  approval: "not_needed" | "required" | "pending" | "approved" | "denied";
}

interface Row extends ResourceServerRow {
  approval: ResourceGrant["approval"];
  selfRegistered: boolean;
  scopes: string[];
  ceiling: string[];
  held: string[] | null;
}

/**
 * The MCP server a resource indicator names (see resource-lookup.ts for the matching rule) and
 * the scopes of it that may be granted (docs/tokens.md, "Which scopes"):
 *
 *   grantable = scopes of the server ∩ the client's ceiling ∩ (user flows) the user's roles
 *
 * The client's ceiling is what its roles grant; for a self-registered client (DCR or CIMD) also
 * what the server's default role and the global registration default role grant *on this
 * server*, read live — so an admin raising or lowering a server's default role changes what every
 * self-registered client may carry for its users at the next token, and a default role that spans
 * several servers grants nothing beyond the server it is the default of. A self-registered client
 * never gets the scopes of a built-in server (Toolgate's admin API), whatever its roles say.
 *
 * Read from the database on every decision, so a role change applies to the next token. One
 * hand-written query: it runs on every token request (see db/hot-path.md).
 */
export async function resolveResourceGrant(pool: SqlPool, { resource, clientId, userId }: ResourceGrantQuery): Promise<ResourceGrant | undefined> {
  const [exact, other] = resourceCandidates(resource);
  const { rows } = await pool.query<Row>(
    `WITH c AS (SELECT bool_or(kind IN ('dcr', 'cimd')) AS self_registered FROM client WHERE id = $3),
          global_default AS (SELECT value #>> '{}' AS role_id FROM setting WHERE key = $5)
     SELECT m.id, m.resource_uri AS "resourceUri", m.name, m.access_token_ttl AS "accessTokenTtl", m.built_in AS "builtIn",
       coalesce((SELECT self_registered FROM c), false) AS "selfRegistered",
       CASE
         WHEN NOT m.require_approval THEN 'not_needed'
         WHEN NOT coalesce((SELECT self_registered FROM c), false) THEN 'not_needed'
         ELSE coalesce((SELECT a.status::text FROM client_approval a WHERE a.client_id = $3 AND a.server_id = m.id), 'required')
       END AS approval,
       ARRAY(SELECT s.name FROM scope s WHERE s.server_id = m.id ORDER BY s.name) AS scopes,
       ARRAY(
         SELECT s.name FROM scope s
         WHERE s.server_id = m.id
           AND NOT (m.built_in AND coalesce((SELECT self_registered FROM c), false))
           AND (EXISTS (SELECT 1 FROM role_scope rs JOIN client_role cr ON cr.role_id = rs.role_id
                        WHERE rs.scope_id = s.id AND cr.client_id = $3)
                OR (coalesce((SELECT self_registered FROM c), false)
                    AND EXISTS (SELECT 1 FROM role_scope rs
                                WHERE rs.scope_id = s.id
                                  AND (rs.role_id = m.default_role_id OR rs.role_id = (SELECT role_id FROM global_default)))))
         ORDER BY s.name
       ) AS ceiling,
       CASE WHEN $4::text IS NULL THEN NULL ELSE ARRAY(
         SELECT DISTINCT s.name FROM scope s JOIN role_scope rs ON rs.scope_id = s.id JOIN user_role ur ON ur.role_id = rs.role_id
         WHERE s.server_id = m.id AND ur.user_id = $4::text
       ) END AS held
     FROM mcp_server m WHERE m.resource_uri IN ($1, $2)`,
    [exact, other, clientId, userId ?? null, DEFAULT_ROLE_SETTING],
  );
  // Both forms registered as two servers: the exact one wins.
  const row = rows.find((s) => s.resourceUri === resource) ?? rows[0];
  if (!row) return undefined;
  const { approval, selfRegistered, scopes, ceiling, held, ...server } = row;
  const defined = new Set(scopes);
  const allowed = new Set(ceiling);
  const userHeld = held ? new Set(held) : undefined;
  const grantable = new Set(ceiling.filter((s) => !userHeld || userHeld.has(s)));
  return {
    server,
    grantable,
    ungrantable: scopes.filter((s) => !grantable.has(s)),
    approval,
    refusalReason(scope) {
      if (grantable.has(scope)) return undefined;
      if (!defined.has(scope)) return "unknown";
      if (!allowed.has(scope)) return server.builtIn && selfRegistered ? "administrative" : "client";
      return "user";
    },
  };
}
