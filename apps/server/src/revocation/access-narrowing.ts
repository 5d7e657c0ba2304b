import type { Tx } from "../db/prisma.js";
import type { RevocationStore, RevocationTarget } from "./revocation-store.js";

/**
 * Rules for changes that take scopes away from whoever holds them through a role: a role unbound
 * from a client, an agent or a user; scopes removed from a role; a role deleted. A token must never
 * carry a scope its holder no longer has for longer than the revocation bound, so each change
 * revokes the holders' tokens for the servers concerned, issued up to now: a client refreshes (or
 * asks again, for client credentials) and gets the narrower scope set, which is computed from the
 * roles at every issuance. Written in the transaction of the change.
 */

/** Above this many holders one rule per server (every token for it) replaces one rule per holder. */
const MAX_HOLDER_RULES = 200;

export interface RoleHolders {
  /** Clients and agents: their own tokens (client_id) and the tokens where they are the subject (agents' exchanges). */
  clientIds?: string[];
  userIds?: string[];
}

/** Resource URIs of the servers whose scopes these roles grant, read before the change. */
export async function audiencesOfRoles(tx: Tx, roleIds: string[]): Promise<string[]> {
  if (!roleIds.length) return [];
  const servers = await tx.mcpServer.findMany({
    where: { scopes: { some: { roles: { some: { roleId: { in: roleIds } } } } } },
    select: { resourceUri: true },
  });
  return servers.map((s) => s.resourceUri);
}

/** Resource URIs of the servers of these scopes. */
export async function audiencesOfScopes(tx: Tx, scopeIds: string[]): Promise<string[]> {
  if (!scopeIds.length) return [];
  const servers = await tx.mcpServer.findMany({ where: { scopes: { some: { id: { in: scopeIds } } } }, select: { resourceUri: true } });
  return servers.map((s) => s.resourceUri);
}

/** Everyone bound to a role. */
export async function holdersOfRole(tx: Tx, roleId: string): Promise<Required<RoleHolders>> {
  const [clients, users] = await Promise.all([
    tx.clientRole.findMany({ where: { roleId }, select: { clientId: true } }),
    tx.userRole.findMany({ where: { roleId }, select: { userId: true } }),
  ]);
  return { clientIds: clients.map((c) => c.clientId), userIds: users.map((u) => u.userId) };
}

/** Revokes the holders' tokens for these audiences (resource URIs). */
export async function revokeNarrowedAccess(
  tx: Tx,
  revocations: RevocationStore,
  holders: RoleHolders,
  audiences: string[],
  reason: string,
): Promise<void> {
  const clientIds = [...new Set(holders.clientIds ?? [])];
  const userIds = [...new Set(holders.userIds ?? [])];
  const auds = [...new Set(audiences)];
  if (!auds.length || (!clientIds.length && !userIds.length)) return;
  let targets: RevocationTarget[];
  if ((clientIds.length * 2 + userIds.length) * auds.length > MAX_HOLDER_RULES) {
    targets = auds.map((audience) => ({ audience }));
  } else {
    targets = auds.flatMap((audience) => [
      ...clientIds.flatMap((id) => [{ clientId: id, audience }, { subject: id, audience }]),
      ...userIds.map((id) => ({ subject: id, audience })),
    ]);
  }
  await revocations.revokeAll(targets, reason, { tx });
}
