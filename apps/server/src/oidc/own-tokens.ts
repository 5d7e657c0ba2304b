import { createLocalJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { SqlPool } from "../db/prisma.js";
import type { KeySet } from "../keys/signing-keys.js";
import { publicJwks } from "../keys/public-jwks.js";
import type { RevocationStore } from "../revocation/revocation-store.js";

/** Claims of a Toolgate access token (RFC 9068 plus ours: see token-claims.ts). */
export type OwnTokenClaims = JWTPayload & {
  client_id?: string;
  scope?: string;
  act?: { sub: string; act?: unknown };
  grant_id?: string;
};

/** Why one of our tokens is not (or no longer) good. */
export type InactiveReason =
  /** Bad signature, wrong issuer, type or audience, expired: not a token we vouch for. */
  | "invalid"
  /** A revocation rule covers it (docs/resource-server-api.md). */
  | "revoked"
  /** Its client is disabled, pending or gone. */
  | "client_inactive"
  /** Its subject (a user, or the client itself for machine tokens) is disabled or gone. */
  | "subject_inactive";

export class InactiveTokenError extends Error {
  constructor(readonly reason: InactiveReason) {
    super(`token not active: ${reason}`);
    this.name = "InactiveTokenError";
  }
}

export interface OwnTokensDeps {
  issuer: string;
  /** The key set in force now (it changes on rotation). */
  keys: () => KeySet;
  revocations: RevocationStore;
  pool: SqlPool;
}

/**
 * The one verifier of Toolgate's own tokens, used by introspection (RFC 7662), the subject and
 * actor tokens of token exchange (RFC 8693), the admin API's bearer check and the account pages.
 *
 * "Still active" means one thing everywhere: signed by one of our published keys, our issuer, the
 * expected type (and audience, where the caller has one), unexpired; no revocation rule covers it;
 * its client exists and is active; its subject — a user, or for a machine token the client
 * itself — exists and is active. Narrowing changes publish rules (docs/resource-server-api.md), so
 * what this answers is what the SDK answers from the feed.
 */
export function createOwnTokens({ issuer, keys, revocations, pool }: OwnTokensDeps) {
  let cached: { fingerprint: string; getKey: JWTVerifyGetKey } | undefined;
  const getKey = (): JWTVerifyGetKey => {
    const current = keys();
    if (cached?.fingerprint !== current.fingerprint) {
      cached = { fingerprint: current.fingerprint, getKey: createLocalJWKSet(publicJwks(current.jwks.keys)) };
    }
    return cached.getKey;
  };

  async function verifySignature(token: string, options: { typ?: string; audience?: string }): Promise<OwnTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, getKey(), {
        issuer,
        algorithms: ["ES256", "RS256"],
        ...(options.typ ? { typ: options.typ } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      });
      return payload as OwnTokenClaims;
    } catch {
      throw new InactiveTokenError("invalid");
    }
  }

  /** Whether a subject (user id, or client id for machine tokens) may still hold tokens. */
  async function subjectActive(subject: string): Promise<boolean> {
    const { rows } = await pool.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "user" WHERE id = $1 AND status = 'active')
           OR EXISTS (SELECT 1 FROM client WHERE id = $1 AND status = 'active') AS ok`,
      [subject],
    );
    return rows[0]?.ok === true;
  }

  /** Undefined if the (signature-verified) token is still active, else why not. */
  async function inactiveReason(claims: OwnTokenClaims): Promise<InactiveReason | undefined> {
    if (await revocations.isRevoked(claims)) return "revoked";
    if (typeof claims.client_id !== "string" || typeof claims.sub !== "string") return "invalid";
    const { rows } = await pool.query<{ client_ok: boolean; subject_ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM client WHERE id = $1 AND status = 'active') AS client_ok,
              (EXISTS (SELECT 1 FROM "user" WHERE id = $2 AND status = 'active')
               OR EXISTS (SELECT 1 FROM client WHERE id = $2 AND status = 'active')) AS subject_ok`,
      [claims.client_id, claims.sub],
    );
    if (!rows[0]?.client_ok) return "client_inactive";
    if (!rows[0].subject_ok) return "subject_inactive";
    return undefined;
  }

  return {
    verifySignature,
    inactiveReason,
    subjectActive,

    /** A JWT access token of ours (RFC 9068 `at+jwt`), still active; throws InactiveTokenError. */
    async verifyAccessToken(token: string, options: { audience?: string } = {}): Promise<OwnTokenClaims> {
      const claims = await verifySignature(token, { typ: "at+jwt", ...options });
      const reason = await inactiveReason(claims);
      if (reason) throw new InactiveTokenError(reason);
      return claims;
    },

    /** An ID token of ours for `audience` whose user is still active; throws InactiveTokenError. */
    async verifyIdToken(token: string, audience: string): Promise<JWTPayload & { sub: string }> {
      const claims = await verifySignature(token, { audience });
      if (typeof claims.sub !== "string") throw new InactiveTokenError("invalid");
      if (!(await subjectActive(claims.sub))) throw new InactiveTokenError("subject_inactive");
      return claims as JWTPayload & { sub: string };
    },
  };
}

export type OwnTokens = ReturnType<typeof createOwnTokens>;
