import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { RevocationStore } from "../revocation/revocation-store.js";

/**
 * Withdraws a user's consent for a client on an MCP server: the approval is deleted (the next
 * authorization asks again), the user's grants with that client are revoked with their refresh
 * tokens, and the access tokens already issued for that server are refused through the feed.
 */
export async function revokeConsent(
  { prisma, audit, revocations }: { prisma: Prisma; audit: AuditLog; revocations: RevocationStore },
  consentId: string,
  actor: {
    by: "user" | "admin";
    /** The administrator and the client they used (admin revocations). */
    admin?: { subject: string; clientId?: string | undefined } | undefined;
    ip?: string | undefined;
    requestId?: string | undefined;
  },
): Promise<boolean> {
  const consent = await prisma.consent.findUnique({ where: { id: consentId }, include: { server: { select: { resourceUri: true } } } });
  if (!consent) return false;
  await prisma.$transaction(async (tx) => {
    await tx.consent.delete({ where: { id: consentId } });
    const grants = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM oidc_artifact WHERE model = 'Grant' AND payload->>'accountId' = ${consent.userId} AND payload->>'clientId' = ${consent.clientId}`;
    const grantIds = grants.map((g) => g.id);
    if (grantIds.length) {
      await tx.oidcArtifact.deleteMany({ where: { OR: [{ grantId: { in: grantIds } }, { model: "Grant", id: { in: grantIds } }] } });
    }
    // The event is about the user's consent to the client — it shows in both their histories —
    // and names the administrator who revoked it as the actor.
    await audit.inTransaction(tx, {
      type: "consent.revoked",
      subject: consent.userId,
      clientId: consent.clientId,
      actorChain: actor.admin ? [actor.admin.subject, ...(actor.admin.clientId ? [actor.admin.clientId] : [])] : [],
      resource: consent.server.resourceUri,
      scopes: consent.scopes,
      ip: actor.ip,
      requestId: actor.requestId,
      reason: actor.by === "user" ? "revoked by the user" : "revoked by an administrator",
      details: { consent: consentId, grants: grantIds.length, ...(actor.admin ? { revokedBy: actor.admin.subject } : {}) },
    });
    await revocations.revoke({ clientId: consent.clientId, subject: consent.userId, audience: consent.server.resourceUri }, "consent revoked", { tx });
  });
  return true;
}
