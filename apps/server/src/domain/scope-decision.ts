/**
 * The one rule for what a token may carry (architecture: "effective scopes"):
 *   granted = requested ∩ grantable
 * where grantable = scopes of the resource ∩ scopes the client's roles grant ∩ (when a user is
 * involved) scopes the user's roles grant. Requesting nothing means "everything grantable"
 * (RFC 6749 §3.3 lets the server default the scope). Requesting only scopes nobody may grant is an
 * error (`invalid_scope`) rather than an empty token.
 */

export type ScopeDecision =
  | { ok: true; granted: string[]; refused: string[] }
  | { ok: false; reason: "nothing_grantable" | "only_ungrantable"; refused: string[] };

export function decideScopes(requested: readonly string[] | undefined, grantable: ReadonlySet<string>): ScopeDecision {
  if (requested === undefined || requested.length === 0) {
    if (grantable.size === 0) return { ok: false, reason: "nothing_grantable", refused: [] };
    return { ok: true, granted: [...grantable].sort(), refused: [] };
  }
  const unique = [...new Set(requested)];
  const granted = unique.filter((s) => grantable.has(s));
  const refused = unique.filter((s) => !grantable.has(s));
  if (granted.length === 0) return { ok: false, reason: "only_ungrantable", refused };
  return { ok: true, granted, refused };
}

/** "a b  c" → ["a","b","c"]; undefined or blank → undefined (no scope requested). */
export function parseScopeParam(scope: unknown): string[] | undefined {
  if (typeof scope !== "string") return undefined;
  const parts = scope.split(" ").filter(Boolean);
  return parts.length ? parts : undefined;
}
