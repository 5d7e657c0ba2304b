/**
 * Revocation rules of Toolgate's feed (docs/resource-server-api.md): a token is revoked when every
 * field the rule has equals the token's claim of the same name and the token's `iat` ≤
 * `revoked_before`. Rules are indexed by their most selective field so a check costs a few map
 * lookups, not a scan.
 */
export interface RevocationRule {
  id: string;
  client_id?: string;
  sub?: string;
  aud?: string;
  jti?: string;
  grant_id?: string;
  revoked_before: number;
  /** Seconds since the epoch after which no token the rule covers is still valid. */
  expires_at: number;
  reason?: string;
}

export interface RevocableClaims {
  client_id?: unknown;
  sub?: unknown;
  aud?: unknown;
  jti?: unknown;
  grant_id?: unknown;
  iat?: unknown;
}

const MATCH_FIELDS = ["jti", "grant_id", "sub", "client_id", "aud"] as const;
type MatchField = (typeof MATCH_FIELDS)[number];

/**
 * The one implementation of the rule predicate in the SDK (the server's is
 * apps/server/src/revocation/revocation-rule.ts; both pass the same case table). A rule with no
 * match field is malformed and matches nothing.
 */
export function ruleMatches(rule: RevocationRule, claims: RevocableClaims): boolean {
  if (typeof claims.iat !== "number" || claims.iat > rule.revoked_before) return false;
  let fields = 0;
  for (const field of MATCH_FIELDS) {
    const expected = rule[field];
    if (expected === undefined) continue;
    fields++;
    const actual = claims[field];
    if (field === "aud" ? !(actual === expected || (Array.isArray(actual) && actual.includes(expected))) : actual !== expected) return false;
  }
  return fields > 0;
}

export function isRevocationRule(value: unknown): value is RevocationRule {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === "string" &&
    typeof r.revoked_before === "number" &&
    typeof r.expires_at === "number" &&
    MATCH_FIELDS.some((f) => r[f] !== undefined) &&
    MATCH_FIELDS.every((f) => r[f] === undefined || typeof r[f] === "string")
  );
}

/** The set of rules in force, deduplicated by id (the feed re-sends rules of the last seconds). */
export class RevocationIndex {
  private readonly byId = new Map<string, RevocationRule>();
  private readonly byField = new Map<MatchField, Map<string, RevocationRule[]>>(MATCH_FIELDS.map((f) => [f, new Map()]));

  get size(): number {
    return this.byId.size;
  }

  add(rule: RevocationRule): void {
    if (this.byId.has(rule.id)) return;
    this.byId.set(rule.id, rule);
    const field = MATCH_FIELDS.find((f) => rule[f] !== undefined)!;
    const map = this.byField.get(field)!;
    const key = rule[field]!;
    const list = map.get(key);
    if (list) list.push(rule);
    else map.set(key, [rule]);
  }

  /** The first rule revoking a token with these claims. */
  match(claims: RevocableClaims): RevocationRule | undefined {
    for (const field of MATCH_FIELDS) {
      const value = claims[field];
      const found = Array.isArray(value) ? value.map((v) => this.lookup(field, v, claims)).find(Boolean) : this.lookup(field, value, claims);
      if (found) return found;
    }
    return undefined;
  }

  private lookup(field: MatchField, value: unknown, claims: RevocableClaims): RevocationRule | undefined {
    if (typeof value !== "string") return undefined;
    const candidates = this.byField.get(field)!.get(value);
    return candidates?.find((rule) => ruleMatches(rule, claims));
  }

  /** Forgets rules past `expires_at` (seconds): no token they cover can still be valid. */
  prune(nowSeconds: number): void {
    for (const [id, rule] of this.byId) {
      if (rule.expires_at > nowSeconds) continue;
      this.byId.delete(id);
      const field = MATCH_FIELDS.find((f) => rule[f] !== undefined)!;
      const map = this.byField.get(field)!;
      const list = map.get(rule[field]!)?.filter((r) => r.id !== id) ?? [];
      if (list.length) map.set(rule[field]!, list);
      else map.delete(rule[field]!);
    }
  }
}
