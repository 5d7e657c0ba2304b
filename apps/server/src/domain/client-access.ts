import type { Tx } from "../db/prisma.js";
import type { RevocationStore } from "../revocation/revocation-store.js";

/**
 * Ends everything a client holds: grants, authorization codes, refresh tokens, registration
 * access tokens are deleted (so refresh and introspection fail at once), and a revocation rule
 * makes resource servers refuse the JWT access tokens already issued to it — in the transaction of
 * the change that disables or deletes the client.
 */
export async function revokeClientAccess(tx: Tx, revocations: RevocationStore, clientId: string, reason: string): Promise<void> {
  await tx.oidcArtifact.deleteMany({ where: { clientId } });
  await revocations.revoke({ clientId }, reason, { tx });
}
