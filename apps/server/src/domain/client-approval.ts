import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";

/**
 * Records that a self-registered client asked for a server requiring approval (once), so it shows
 * in the console's approval queue. Concurrent first requests race harmlessly.
 */
export async function requestApproval(prisma: Prisma, audit: AuditLog, clientId: string, server: { id: string; resourceUri: string }, ip: string | undefined): Promise<void> {
  const { count } = await prisma.clientApproval.createMany({ data: [{ clientId, serverId: server.id }], skipDuplicates: true });
  if (count) {
    audit.emit({ type: "client.approval_requested", clientId, resource: server.resourceUri, ip, decision: "deny", reason: "server requires approval of self-registered clients" });
  }
}
