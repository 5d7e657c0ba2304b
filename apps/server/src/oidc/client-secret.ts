import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Client secrets are 256-bit random values shown once; at rest only their SHA-256 is kept. A fast
 * hash is right here (unlike passwords): the input has full entropy, so there is nothing to
 * brute-force, and client authentication is on the token endpoint's hot path.
 */
const PREFIX = "sha256:";

export function generateClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashClientSecret(secret: string): string {
  return PREFIX + createHash("sha256").update(secret, "utf8").digest("base64url");
}

export function isClientSecretHash(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function verifyClientSecret(secret: string, hash: string | null | undefined): boolean {
  if (!hash || !isClientSecretHash(hash)) return false;
  const expected = Buffer.from(hash);
  const actual = Buffer.from(hashClientSecret(secret));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
