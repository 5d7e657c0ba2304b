import type { Prisma } from "../db/prisma.js";

type Tx = Pick<Prisma, "mcpServer" | "setting">;

export const DEFAULT_ROLE_SETTING = "registration.defaultRoleId";

/**
 * Roles a self-registered client (DCR or CIMD) starts with: the global default role, if an admin
 * set one, and the default role of every MCP server that does not require approval. Servers that
 * require approval grant theirs only when an admin approves the client.
 */
export async function defaultRoleIdsForSelfRegistered(tx: Tx): Promise<string[]> {
  // Sequential: inside a transaction both queries share one connection.
  const setting = await tx.setting.findUnique({ where: { key: DEFAULT_ROLE_SETTING } });
  const servers = await tx.mcpServer.findMany({ where: { requireApproval: false, defaultRoleId: { not: null } }, select: { defaultRoleId: true } });
  const ids = new Set<string>();
  if (typeof setting?.value === "string") ids.add(setting.value);
  for (const s of servers) if (s.defaultRoleId) ids.add(s.defaultRoleId);
  return [...ids];
}
