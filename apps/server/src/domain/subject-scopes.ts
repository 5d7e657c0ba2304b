import type { SqlPool } from "../db/prisma.js";

/** Scope names of one server that a subject's roles grant: a user's roles, or an agent's (client) roles. */
export async function loadSubjectScopes(pool: SqlPool, serverId: string, subject: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT DISTINCT s.name FROM scope s JOIN role_scope rs ON rs.scope_id = s.id
     WHERE s.server_id = $1
       AND (EXISTS (SELECT 1 FROM user_role ur WHERE ur.role_id = rs.role_id AND ur.user_id = $2)
            OR EXISTS (SELECT 1 FROM client_role cr WHERE cr.role_id = rs.role_id AND cr.client_id = $2))`,
    [serverId, subject],
  );
  return new Set(rows.map((r) => r.name));
}

/** The downstream scopes an exchange policy lets `source` obtain on `target`; undefined: no policy. */
export async function loadExchangePolicyScopes(pool: SqlPool, sourceServerId: string, targetServerId: string): Promise<Set<string> | undefined> {
  const { rows } = await pool.query<{ name: string | null }>(
    `SELECT s.name FROM exchange_policy p
     LEFT JOIN exchange_policy_scope ps ON ps.policy_id = p.id
     LEFT JOIN scope s ON s.id = ps.scope_id
     WHERE p.source_server_id = $1 AND p.target_server_id = $2`,
    [sourceServerId, targetServerId],
  );
  if (!rows.length) return undefined;
  return new Set(rows.map((r) => r.name).filter((n): n is string => !!n));
}
