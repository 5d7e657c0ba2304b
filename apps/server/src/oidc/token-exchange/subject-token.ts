import { errors } from "oidc-provider";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { ProviderInputs } from "../oidc-deps.js";
import { publicJwks } from "../create-provider.js";
import { invalidGrant } from "./invalid-grant.js";

export interface VerifiedToken {
  claims: JWTPayload & { client_id?: string; scope?: string; act?: { sub: string; act?: unknown }; grant_id?: string };
}

/**
 * A token presented in an exchange (subject or actor): one of ours (signature by our keys, issuer,
 * RFC 9068 type), unexpired, and neither revoked nor belonging to a disabled client or user.
 * Anything else is `invalid_grant` — never a hint which check failed beyond the description.
 */
export async function verifyPresentedToken({ config, keys, revocations, pool }: ProviderInputs, token: string, label: string): Promise<VerifiedToken> {
  let claims: VerifiedToken["claims"];
  try {
    ({ payload: claims } = await jwtVerify(token, createLocalJWKSet(publicJwks(keys.jwks.keys)), {
      issuer: config.issuer,
      typ: "at+jwt",
      algorithms: ["ES256", "RS256"],
    }));
  } catch {
    throw invalidGrant(`${label} is invalid, expired, or not issued by this server`);
  }
  if (await revocations.isRevoked(claims)) throw invalidGrant(`${label} was revoked`);
  const { rows } = await pool.query<{ client_ok: boolean; user_ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM client WHERE id = $1 AND status = 'active') AS client_ok,
            NOT EXISTS (SELECT 1 FROM "user" WHERE id = $2 AND status <> 'active') AS user_ok`,
    [claims.client_id ?? "", claims.sub ?? ""],
  );
  if (!rows[0]?.client_ok || !rows[0].user_ok) throw invalidGrant(`${label} belongs to a disabled client or user`);
  return { claims };
}
