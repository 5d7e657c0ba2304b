/**
 * The longest an access token lives (the server's MAX_ACCESS_TOKEN_TTL, 24 h): a delegation that
 * now ends sooner than that may end before tokens it already produced expire.
 */
export const MAX_ACCESS_TOKEN_TTL_MS = 24 * 3600 * 1000;

/** What a delegation allows: scope names (empty = whatever both may have) and its end. */
export interface DelegationLimits {
  scopes: readonly string[];
  expiresAt: string | null;
}

export interface Narrowing {
  /** Scopes it allowed and no longer does. */
  removedScopes: string[];
  /** It allowed whatever both may have, and now only the chosen scopes. */
  limitedToChosen: boolean;
  /** It now ends earlier, and sooner than a token issued just now would expire. */
  endsSoon: boolean;
}

/**
 * How a change narrows a delegation — the server's rule for revoking the tokens it produced
 * (PATCH /delegations/:id) — or undefined when it does not. Going back to "whatever both may
 * have" (no scope chosen) widens it; so does a later end, or none.
 */
export function delegationNarrowing(before: DelegationLimits, after: DelegationLimits, now = Date.now()): Narrowing | undefined {
  const limitedToChosen = before.scopes.length === 0 && after.scopes.length > 0;
  const removedScopes = after.scopes.length > 0 ? before.scopes.filter((s) => !after.scopes.includes(s)) : [];
  const afterEnd = after.expiresAt === null ? null : Date.parse(after.expiresAt);
  const beforeEnd = before.expiresAt === null ? null : Date.parse(before.expiresAt);
  const endsSoon = afterEnd !== null && (beforeEnd === null || afterEnd < beforeEnd) && afterEnd < now + MAX_ACCESS_TOKEN_TTL_MS;
  return limitedToChosen || removedScopes.length > 0 || endsSoon ? { removedScopes, limitedToChosen, endsSoon } : undefined;
}
