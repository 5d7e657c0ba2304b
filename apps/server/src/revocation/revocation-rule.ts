/**
 * The revocation rule contract (docs/resource-server-api.md, "Revocation feed"), the one
 * implementation on the server side: introspection, the token exchange and the admin API ask it
 * through the revocation store, and the feed publishes rules in exactly this shape. The SDK has the
 * matching one (packages/sdk/src/revocation-rules.ts); both are tested against the same case table
 * (apps/server/test/fixtures/revocation-rule-cases.json).
 */

/** A rule as published: one or more match fields, plus the issued-before bound. */
export interface WireRule {
  client_id?: string;
  sub?: string;
  aud?: string;
  jti?: string;
  grant_id?: string;
  revoked_before: number;
}

/** The claims of a JWT access token that rules match on (anything else in a token is ignored). */
export interface RevocableClaims {
  client_id?: unknown;
  sub?: unknown;
  aud?: unknown;
  jti?: unknown;
  grant_id?: unknown;
  iat?: unknown;
}

export const MATCH_FIELDS = ["jti", "grant_id", "sub", "client_id", "aud"] as const;

/**
 * A token is revoked when every match field the rule has equals the token's claim of the same name
 * (`aud`: equals, or is one of, the token's audiences) and the token's `iat` ≤ `revoked_before`.
 * A token without a numeric `iat` is never matched: it is refused earlier, by the verifiers.
 */
export function ruleMatches(rule: WireRule, claims: RevocableClaims): boolean {
  if (typeof claims.iat !== "number" || claims.iat > rule.revoked_before) return false;
  let fields = 0;
  for (const field of MATCH_FIELDS) {
    const expected = rule[field];
    if (expected === undefined) continue;
    fields++;
    const actual = claims[field];
    const equal = field === "aud" ? actual === expected || (Array.isArray(actual) && actual.includes(expected)) : actual === expected;
    if (!equal) return false;
  }
  // A rule with no match field is malformed, never "revoke everything".
  return fields > 0;
}

/** The stored row (camelCase columns) as the rule it is on the wire. */
export function wireRule(row: {
  clientId: string | null;
  subject: string | null;
  audience: string | null;
  jti: string | null;
  grantId: string | null;
  revokedBefore: number;
}): WireRule {
  return {
    ...(row.clientId != null ? { client_id: row.clientId } : {}),
    ...(row.subject != null ? { sub: row.subject } : {}),
    ...(row.audience != null ? { aud: row.audience } : {}),
    ...(row.jti != null ? { jti: row.jti } : {}),
    ...(row.grantId != null ? { grant_id: row.grantId } : {}),
    revoked_before: row.revokedBefore,
  };
}

/** The token's audiences, as strings. */
export function audiencesOf(claims: RevocableClaims): string[] {
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return aud.filter((a): a is string => typeof a === "string");
}
