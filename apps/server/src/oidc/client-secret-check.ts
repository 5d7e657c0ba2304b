import type { Provider } from "oidc-provider";
import type { Prisma } from "../db/prisma.js";
import { verifyClientSecret } from "./client-secret.js";

/**
 * oidc-provider compares client secrets in plain text; Toolgate stores only their hashes (see
 * client-secret.ts), so the comparison is replaced. After a rotation the previous secret keeps
 * working until its grace period ends (read only when the current one does not match).
 */
export function installClientSecretCheck(provider: Provider, prisma: Prisma): void {
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(actual: string): Promise<boolean> {
    if (verifyClientSecret(actual, this.clientSecret)) return true;
    const row = await prisma.client.findUnique({
      where: { id: this.clientId },
      select: { previousSecretHash: true, previousSecretExpiresAt: true },
    });
    return !!row?.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() &&
      verifyClientSecret(actual, row.previousSecretHash);
  };
}
