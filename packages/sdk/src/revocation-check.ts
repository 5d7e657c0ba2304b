import type { RevocableClaims } from "./revocation-rules.js";

/**
 * How the verifier learns that a token was revoked: from the feed (in memory, synchronous), by
 * introspection (one call per request), or not at all (development only). Throws
 * `token_revoked`, or `toolgate_unavailable` when it cannot tell.
 */
export interface RevocationCheck {
  check(claims: RevocableClaims, token: string): void | Promise<void>;
  close(): void;
}

/** No revocation checking: tokens stay valid until they expire, whatever Toolgate revokes. */
export const noRevocationCheck: RevocationCheck = {
  check() {},
  close() {},
};
