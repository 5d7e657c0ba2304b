import type { Prisma, Tx } from "../db/prisma.js";
import { audiencesOf, ruleMatches, wireRule, type RevocableClaims } from "./revocation-rule.js";

export type { RevocableClaims } from "./revocation-rule.js";

/**
 * Revocation of JWT access tokens. A JWT cannot be recalled, so revoking a client, a grant, a user
 * or a single token writes a rule; resource servers poll the rules (the revocation feed) and
 * introspection checks them, with the one predicate of revocation-rule.ts.
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

export interface RevokeOptions {
  /** When the last token the rule covers expires (seconds); default: the longest token lifetime from now. */
  until?: number | undefined;
  tx?: Tx | undefined;
  /** Cover tokens issued up to this moment (seconds) rather than up to now. */
  issuedBefore?: number | undefined;
}

export interface RevocationRule extends RevocationTarget {
  id: bigint;
  revokedBefore: number;
  reason: string;
  createdAt: Date;
}

export function createRevocationStore(prisma: Prisma, clock: () => Date = () => new Date()) {
  /** `revoke` for several targets at once (one INSERT). */
  async function revokeAll(targets: RevocationTarget[], reason: string, { until, tx, issuedBefore }: RevokeOptions = {}): Promise<void> {
    if (!targets.length) return;
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    await (tx ?? prisma).revocation.createMany({
      data: targets.map((target) => {
        if (![target.clientId, target.subject, target.audience, target.jti, target.grantId].some((v) => v != null && v !== "")) {
          throw new Error("a revocation rule needs at least one match field");
        }
        return {
          ...target,
          // A single token (jti) or a destroyed grant is revoked whatever its iat: neither issues
          // anything legitimately afterwards (a request still in flight for the grant may).
          // Otherwise everything issued until now; `iat` has a resolution of seconds, so tokens
          // issued later in this same second are covered too: revocation errs on refusing.
          revokedBefore: target.jti || target.grantId ? MAX_INT4 : Math.min(issuedBefore ?? nowSeconds, nowSeconds),
          reason,
          expiresAt: new Date(((until ?? nowSeconds + MAX_ACCESS_TOKEN_TTL) + 60) * 1000),
        };
      }),
    });
  }

  return {
    revokeAll,

    /**
     * Revokes every access token matching `target` issued up to now (or up to `issuedBefore`, a
     * moment in the past). Pass the transaction of the change that causes the revocation, so that
     * both commit or neither does.
     */
    async revoke(target: RevocationTarget, reason: string, options: RevokeOptions = {}): Promise<void> {
      await revokeAll([target], reason, options);
    },

    /** The first rule in force that revokes a token with these claims. */
    async isRevoked(claims: RevocableClaims): Promise<RevocationRule | undefined> {
      // Candidates by any field the token has (a rule matches only if all its fields do); the
      // predicate then decides. `aud` is a candidate field too: a server's deletion or a changed
      // resource URI publishes a rule with only `aud`.
      const str = (v: unknown) => (typeof v === "string" ? v : undefined);
      const audiences = audiencesOf(claims);
      const or = [
        ...(str(claims.client_id) ? [{ clientId: str(claims.client_id) }] : []),
        ...(str(claims.sub) ? [{ subject: str(claims.sub) }] : []),
        ...(str(claims.jti) ? [{ jti: str(claims.jti) }] : []),
        ...(str(claims.grant_id) ? [{ grantId: str(claims.grant_id) }] : []),
        ...(audiences.length ? [{ audience: { in: audiences } }] : []),
      ];
      if (!or.length) return undefined;
      const candidates = await prisma.revocation.findMany({ where: { expiresAt: { gt: clock() }, OR: or } });
      return candidates.find((rule) => ruleMatches(wireRule(rule), claims));
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
