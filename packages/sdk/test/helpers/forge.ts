import { generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import type { TestServer } from "../../../../apps/server/test/helpers/test-server.js";

/**
 * Tokens signed with the test Toolgate's own ES256 key (test-only access to its private JWKS), so
 * each check of the verifier (iss, aud, typ, exp…) can be hit on its own with a valid signature.
 */
export async function forger(server: TestServer) {
  const host = server.toolgate.deps.host;
  const kid = host.keys.signing.ES256;
  const privateJwk = host.keys.jwks.keys.find((k: JWK) => k.kid === kid)!;
  const key = await importJWK(privateJwk, "ES256");
  const own = await generateKeyPair("ES256");
  const now = () => Math.floor(Date.now() / 1000);

  const base = (resource: string): JWTPayload => ({
    iss: server.url, aud: resource, sub: "forged-agent", client_id: "forged-agent", scope: "research:browse research:export",
    jti: `jti-${Math.random().toString(36).slice(2)}`, iat: now(), exp: now() + 300,
  });

  return {
    kid,
    publicJwk: (({ d: _d, ...pub }) => pub)(privateJwk) as JWK,
    /** Signed by Toolgate's key, with header and claims overridable. */
    sign(resource: string, claims: JWTPayload = {}, header: Record<string, unknown> = {}) {
      return new SignJWT({ ...base(resource), ...claims }).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid, ...header }).sign(key);
    },
    /** Signed by a key Toolgate never published. */
    signWithOwnKey(resource: string, kidOverride = "not-a-toolgate-key") {
      return new SignJWT(base(resource)).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: kidOverride }).sign(own.privateKey);
    },
    /** `alg: none`: header and payload, empty signature. */
    unsigned(resource: string) {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      return `${enc({ alg: "none", typ: "at+jwt", kid })}.${enc(base(resource))}.`;
    },
    /** HS256 "signed" with Toolgate's public key as the HMAC secret (the classic key-confusion attack). */
    hmacWithPublicKey(resource: string) {
      const secret = new TextEncoder().encode(JSON.stringify((({ d: _d, ...pub }) => pub)(privateJwk)));
      return new SignJWT(base(resource)).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid }).sign(secret);
    },
  };
}
