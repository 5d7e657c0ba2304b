import { errors } from "oidc-provider";

/**
 * `invalid_grant` with a description. (oidc-provider's InvalidGrant always says "grant request is
 * invalid"; RFC 8693 §2.2.2 lets the description say what was wrong with the presented token.)
 */
export function invalidGrant(description: string): Error {
  return new errors.CustomOIDCProviderError("invalid_grant", description);
}
