import type { Prisma } from "../db/prisma.js";

/**
 * Deletes audit events older than the retention period. The table refuses deletes unless the
 * transaction declares itself the retention purge (see the audit_append_only migration).
 */
export async function purgeOldAuditEvents(prisma: Prisma, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL toolgate.audit_purge = 'on'`;
    return tx.$executeRaw`DELETE FROM audit_event WHERE time < ${cutoff}`;
  });
}
