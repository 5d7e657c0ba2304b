import type { Prisma, Tx } from "../db/prisma.js";

/**
 * Revocation of JWT access tokens. A JWT cannot be recalled, so revoking a client, a grant, a user
 * or a single token writes a rule; resource servers poll the rules (the revocation feed) and
 * introspection checks them. A token is revoked when every field a rule sets equals the token's
 * claim and the token was issued at or before `revokedBefore`.
 */

/** Access tokens never live longer than this (the admin API caps server TTLs at it). */
export const MAX_ACCESS_TOKEN_TTL = 24 * 3600;

const MAX_INT4 = 2 ** 31 - 1;

export interface RevocationTarget {
  clientId?: string | null;
  subject?: string | null;
  audience?: string | null;
  jti?: string | null;
  grantId?: string | null;
}

export interface RevocationRule extends RevocationTarget {
  id: bigint;
  revokedBefore: number;
  reason: string;
  createdAt: Date;
}

/** The claims of a JWT access token that revocation rules match on. */
export interface RevocableClaims {
  client_id?: unknown;
  sub?: unknown;
  aud?: unknown;
  jti?: unknown;
  grant_id?: unknown;
  iat?: unknown;
}

export function ruleMatches(rule: RevocationTarget & { revokedBefore: number }, claims: RevocableClaims): boolean {
  if (typeof claims.iat !== "number" || claims.iat > rule.revokedBefore) return false;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return (
    (rule.clientId == null || rule.clientId === claims.client_id) &&
    (rule.subject == null || rule.subject === claims.sub) &&
    (rule.audience == null || audiences.includes(rule.audience)) &&
    (rule.jti == null || rule.jti === claims.jti) &&
    (rule.grantId == null || rule.grantId === claims.grant_id)
  );
}

export function createRevocationStore(prisma: Prisma, clock: () => Date = () => new Date()) {
  return {
    /**
     * Revokes every access token matching `target` issued up to now. Pass the transaction of the
     * change that causes the revocation, so that both commit or neither does.
     */
    async revoke(target: RevocationTarget, reason: string, { until, tx }: { until?: number; tx?: Tx } = {}): Promise<void> {
      const now = clock();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      await (tx ?? prisma).revocation.create({
        data: {
          ...target,
          // A single token (jti) or a destroyed grant is revoked whatever its iat: neither issues
          // anything legitimately afterwards (a request still in flight for the grant may).
          // Otherwise everything issued until now; `iat` has a resolution of seconds, so tokens
          // issued later in this same second are covered too: revocation errs on refusing.
          revokedBefore: target.jti || target.grantId ? MAX_INT4 : nowSeconds,
          reason,
          expiresAt: new Date(((until ?? nowSeconds + MAX_ACCESS_TOKEN_TTL) + 60) * 1000),
        },
      });
    },

    async isRevoked(claims: RevocableClaims): Promise<RevocationRule | undefined> {
      const candidates = await prisma.revocation.findMany({
        where: {
          expiresAt: { gt: clock() },
          OR: [
            { clientId: typeof claims.client_id === "string" ? claims.client_id : undefined },
            { subject: typeof claims.sub === "string" ? claims.sub : undefined },
            { jti: typeof claims.jti === "string" ? claims.jti : undefined },
            { grantId: typeof claims.grant_id === "string" ? claims.grant_id : undefined },
          ].filter((c) => Object.values(c)[0] !== undefined),
        },
      });
      return candidates.find((rule) => ruleMatches(rule, claims));
    },

    /** Rules created after `cursor` (exclusive), oldest first, still relevant. */
    async since(cursor: bigint, limit: number): Promise<RevocationRule[]> {
      return prisma.revocation.findMany({
        where: { id: { gt: cursor }, expiresAt: { gt: clock() } },
        orderBy: { id: "asc" },
        take: limit,
      });
    },

    async purgeExpired(): Promise<number> {
      const { count } = await prisma.revocation.deleteMany({ where: { expiresAt: { lte: clock() } } });
      return count;
    },
  };
}

export type RevocationStore = ReturnType<typeof createRevocationStore>;
