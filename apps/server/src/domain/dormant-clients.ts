import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";

/**
 * Self-registered clients (DCR, CIMD) that never obtained a token within `days` of registering are
 * deleted: open registration must not let unused clients pile up without bound. Returns how many.
 */
export async function purgeDormantClients(prisma: Prisma, audit: AuditLog, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const dormant = await prisma.client.findMany({
    where: { kind: { in: ["dcr", "cimd"] }, lastUsedAt: null, createdAt: { lt: cutoff }, builtIn: false },
    select: { id: true },
    take: 1000,
  });
  if (!dormant.length) return 0;
  const ids = dormant.map((c) => c.id);
  await prisma.$transaction(async (tx) => {
    await tx.oidcArtifact.deleteMany({ where: { clientId: { in: ids } } });
    await tx.client.deleteMany({ where: { id: { in: ids }, lastUsedAt: null } });
    for (const id of ids) {
      await audit.inTransaction(tx, { type: "client.purged", clientId: id, reason: `self-registered and never used within ${days} days` });
    }
  });
  return ids.length;
}
