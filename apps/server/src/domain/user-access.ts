import type { Tx } from "../db/prisma.js";
import type { RevocationStore } from "../revocation/revocation-store.js";

/**
 * Ends everything a user holds: sessions, grants, codes and refresh tokens are deleted, and a
 * revocation rule makes resource servers refuse the access tokens already issued for them — in the
 * transaction of the change that disables or deletes the user.
 */
export async function revokeUserAccess(tx: Tx, revocations: RevocationStore, userId: string, reason: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM oidc_artifact WHERE payload->>'accountId' = ${userId}`;
  await revocations.revoke({ subject: userId }, reason, { tx });
}
