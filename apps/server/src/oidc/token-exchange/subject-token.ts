import { InactiveTokenError, type OwnTokenClaims, type OwnTokens } from "../own-tokens.js";
import { invalidGrant } from "./invalid-grant.js";

export interface VerifiedToken {
  claims: OwnTokenClaims;
}

const DESCRIPTIONS = {
  invalid: "is invalid, expired, or not issued by this server",
  revoked: "was revoked",
  client_inactive: "belongs to a disabled client or user",
  subject_inactive: "belongs to a disabled client or user",
} as const;

/**
 * A token presented in an exchange (subject or actor): one of ours and still active, by the same
 * rules as introspection (own-tokens.ts). Anything else is `invalid_grant` (RFC 8693 §2.2.2).
 */
export async function verifyPresentedToken(ownTokens: OwnTokens, token: string, label: string): Promise<VerifiedToken> {
  try {
    return { claims: await ownTokens.verifyAccessToken(token) };
  } catch (err) {
    if (err instanceof InactiveTokenError) throw invalidGrant(`${label} ${DESCRIPTIONS[err.reason]}`);
    throw err;
  }
}
