import type { AccessToken, ClientCredentials, KoaContextWithOIDC } from "oidc-provider";

/**
 * Claims added to JWT access tokens beyond RFC 9068's (iss, sub, aud, exp, iat, jti, client_id,
 * scope):
 * - `act` (RFC 8693 §4.1): for a token obtained through a user's authorization, the actor is the
 *   client acting for the user (`sub`). Machine tokens (client_credentials) have no actor: the
 *   client is the subject.
 * - `grant_id`: the authorization grant the token stems from, so revoking a grant (consent
 *   withdrawn, refresh token reuse) revokes exactly its tokens through the revocation feed.
 * Token exchange (delegation.ts) sets its own nested `act`.
 */
export async function extraTokenClaims(_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials) {
  if (token.kind !== "AccessToken") return undefined;
  const at = token as AccessToken;
  // Token exchange builds its own claims (nested act); oidc-provider replaces `extra` with what
  // this returns, so hand them back unchanged.
  if (at.extra?.act) return at.extra;
  if (!at.accountId) return undefined;
  return { act: { sub: at.clientId }, grant_id: at.grantId };
}
