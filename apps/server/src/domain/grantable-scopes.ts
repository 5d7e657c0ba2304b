import type { Prisma } from "../db/prisma.js";

export interface GrantableQuery {
  serverId: string;
  clientId: string;
  /** The user on whose behalf the client acts; undefined for machine tokens. */
  userId?: string | undefined;
}

/**
 * Scope names of one MCP server that the client's roles grant and, with a user, the user's roles
 * too. Read from the database on every decision so a role change applies to the next token.
 */
export async function loadGrantableScopes(prisma: Prisma, { serverId, clientId, userId }: GrantableQuery): Promise<Set<string>> {
  const scopes = await prisma.scope.findMany({
    where: {
      serverId,
      AND: [
        { roles: { some: { role: { clients: { some: { clientId } } } } } },
        ...(userId ? [{ roles: { some: { role: { users: { some: { userId } } } } } }] : []),
      ],
    },
    select: { name: true },
  });
  return new Set(scopes.map((s) => s.name));
}
