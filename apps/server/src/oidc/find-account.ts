import type { Account, KoaContextWithOIDC } from "oidc-provider";
import type { Prisma } from "../db/prisma.js";

/**
 * Accounts are Toolgate users. A disabled or deleted user has no account: oidc-provider then
 * refuses their codes and refresh tokens (`invalid_grant`) and ends their sessions.
 */
export function createFindAccount(prisma: Prisma) {
  return async function findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const user = await prisma.user.findUnique({ where: { id: sub } });
    if (!user || user.status !== "active") return undefined;
    return {
      accountId: user.id,
      claims: () => ({
        sub: user.id,
        email: user.email,
        // Emails are entered by admins or asserted by an upstream IdP, never self-declared.
        email_verified: true,
        name: user.name || undefined,
        preferred_username: user.username ?? undefined,
      }),
    };
  };
}
