import type { FastifyInstance, FastifyRequest } from "fastify";
import { createLocalJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError } from "../errors/product-error.js";
import { bearerToken } from "../http/bearer-token.js";
import { ADMIN_SCOPE, adminApiResource } from "../domain/built-ins.js";
import { publicJwks } from "../oidc/create-provider.js";

export interface AdminPrincipal {
  /** The admin user (or automation client) acting. */
  subject: string;
  clientId: string;
  scopes: string[];
}

declare module "fastify" {
  interface FastifyRequest {
    admin: AdminPrincipal;
  }
}

/**
 * The admin API is a protected resource of Toolgate itself: it accepts only Toolgate access
 * tokens whose audience is the admin API and whose scope includes `toolgate:admin`, verified
 * locally (signature, issuer, type, expiry) and checked against the revocation rules.
 */
export function adminAuthentication(app: FastifyInstance, { config, host, revocations }: AppDeps): void {
  const resource = adminApiResource(config.issuer);
  const metadataUrl = `${new URL(config.issuer).origin}/.well-known/oauth-protected-resource${new URL(resource).pathname}`;
  let keys: { fingerprint: string; getKey: JWTVerifyGetKey } | undefined;

  const challenge = (status: 401 | 403, error: string | undefined, message: string) => {
    const params = [`resource_metadata="${metadataUrl}"`, `scope="${ADMIN_SCOPE}"`];
    if (error) params.unshift(`error="${error}"`, `error_description="${message}"`);
    return new ProductError(status, status === 401 ? "auth.unauthenticated" : "auth.forbidden", message, {
      headers: { "www-authenticate": `Bearer ${params.join(", ")}` },
    });
  };

  app.decorateRequest("admin", null as unknown as AdminPrincipal);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (token === undefined) throw challenge(401, undefined, "an access token for the admin API is required");
    if (token === null) throw challenge(401, "invalid_request", "malformed Authorization header");

    const current = host.keys;
    if (keys?.fingerprint !== current.fingerprint) {
      keys = { fingerprint: current.fingerprint, getKey: createLocalJWKSet(publicJwks(current.jwks.keys)) };
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys.getKey, {
        issuer: config.issuer,
        audience: resource,
        typ: "at+jwt",
        algorithms: ["ES256", "RS256"],
      }));
    } catch {
      throw challenge(401, "invalid_token", "the access token is invalid, expired, or not for the admin API");
    }
    if (await revocations.isRevoked(claims)) throw challenge(401, "invalid_token", "the access token was revoked");
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(ADMIN_SCOPE)) throw challenge(403, "insufficient_scope", `the ${ADMIN_SCOPE} scope is required`);
    request.admin = { subject: String(claims.sub), clientId: String(claims.client_id), scopes };
  });
}
