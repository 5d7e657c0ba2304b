import { decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { actorChain, type ToolgateAuthInfo } from "./auth-info.js";
import { ToolgateError } from "./errors.js";
import { joseErrorCode } from "./jose-error-code.js";
import type { KeyStore } from "./key-store.js";
import type { RevocationCheck } from "./revocation-check.js";

export const ACCESS_TOKEN_TYPE = "at+jwt";

export interface VerifierOptions {
  issuer: string;
  resource: string;
  /** Stamped on every AuthInfo, for challenges built after authentication (v2 SDK: `scopeChallenge`). */
  resourceMetadataUrl: string;
  algorithms: string[];
  clockToleranceSec: number;
  maxTokenAgeSec: number;
  keys: KeyStore;
  revocation: RevocationCheck;
  clock: () => number;
}

/**
 * `OAuthTokenVerifier` of `@modelcontextprotocol/sdk` (`verifyAccessToken(token) → AuthInfo`):
 * validates a Toolgate access token (RFC 9068 JWT) for this resource, the way OAuth 2.1 §5.2 and
 * MCP authorization §Token Handling ask. Throws a `ToolgateError` whose `code` says why not.
 */
export interface TokenVerifier {
  verifyAccessToken(token: string): Promise<ToolgateAuthInfo>;
}

export function createVerifier(options: VerifierOptions): TokenVerifier {
  const { issuer, resource, keys, revocation, clock } = options;
  const verifyOptions = {
    issuer,
    audience: resource,
    // RFC 9068 §4: the header typ must be at+jwt, so an ID token or a feed page is never taken for an access token.
    typ: ACCESS_TOKEN_TYPE,
    // Never `none`, never a symmetric algorithm (options.ts refuses them): an HS256 token "signed"
    // with the public key fails here, before any key is looked up.
    algorithms: options.algorithms,
    clockTolerance: options.clockToleranceSec,
    maxTokenAge: options.maxTokenAgeSec,
    requiredClaims: ["exp", "iat", "sub", "jti", "client_id"],
  };

  return {
    async verifyAccessToken(token) {
      let header: ProtectedHeaderParameters;
      try {
        header = decodeProtectedHeader(token);
      } catch (cause) {
        throw new ToolgateError("token_malformed", "the access token is not a JWS", { cause });
      }
      // Checked before any key lookup, so `none` or HS256 tokens can never trigger a JWKS fetch.
      if (typeof header.alg !== "string" || !options.algorithms.includes(header.alg)) {
        throw new ToolgateError("alg_not_allowed", `alg ${String(header.alg)} is not accepted`);
      }
      let payload: JWTPayload;
      try {
        // A known key is passed to jose directly: resolving it through a key function costs more than everything else we add.
        const key = keys.peek(header) ?? (await keys.getKey(header));
        ({ payload } = await jwtVerify(token, key, clock === Date.now ? verifyOptions : { ...verifyOptions, currentDate: new Date(clock()) }));
      } catch (err) {
        if (err instanceof ToolgateError) throw err;
        throw new ToolgateError(joseErrorCode(err), describe(err), { cause: err });
      }
      // RFC 8707 / MCP §Token Audience Binding: exactly this resource. A token also good for other
      // audiences could be replayed there, so several audiences are refused even if ours is one.
      if (Array.isArray(payload.aud) && payload.aud.length !== 1) {
        throw new ToolgateError("audience_invalid", "the token has more than one audience");
      }
      const { sub, jti, client_id: clientId, scope, act, grant_id: grantId } = payload;
      if (typeof sub !== "string" || typeof jti !== "string" || typeof clientId !== "string" || (scope !== undefined && typeof scope !== "string")) {
        throw new ToolgateError("claims_invalid", "sub, jti and client_id must be strings, scope a string if present");
      }
      const pending = revocation.check(payload, token);
      if (pending) await pending;
      return {
        token,
        clientId,
        scopes: scope ? scope.split(" ").filter(Boolean) : [],
        expiresAt: payload.exp!,
        // A fresh URL per token: handlers get an object of their own, not one they could change for everyone.
        resource: new URL(resource),
        resourceMetadataUrl: options.resourceMetadataUrl,
        extra: {
          subject: sub,
          actorChain: actorChain(act),
          tokenId: jti,
          ...(typeof grantId === "string" ? { grantId } : {}),
          issuer,
        },
      };
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : "the access token is not valid";
}
