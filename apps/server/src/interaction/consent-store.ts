import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";

/**
 * Stores a user's approval for (client, server): the union of everything approved so far, so a
 * later request for the same or fewer scopes skips the consent page.
 */
export async function recordConsent(
  prisma: Prisma,
  audit: AuditLog,
  input: { userId: string; clientId: string; serverId: string; resource: string; scopes: string[]; ip?: string; requestId?: string },
): Promise<void> {
  const { userId, clientId, serverId, scopes } = input;
  await prisma.$transaction(async (tx) => {
    const existing = await tx.consent.findUnique({ where: { userId_clientId_serverId: { userId, clientId, serverId } } });
    const union = [...new Set([...(existing?.scopes ?? []), ...scopes])].sort();
    await tx.consent.upsert({
      where: { userId_clientId_serverId: { userId, clientId, serverId } },
      create: { userId, clientId, serverId, scopes: union },
      update: { scopes: union },
    });
    await audit.inTransaction(tx, {
      type: "consent.granted",
      decision: "allow",
      subject: userId,
      clientId,
      resource: input.resource,
      scopes,
      ip: input.ip,
      requestId: input.requestId,
      details: { before: existing?.scopes ?? [], after: union },
    });
  });
}
