import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError } from "../errors/product-error.js";
import { bearerToken } from "../http/bearer-token.js";
import { ADMIN_SCOPE, adminApiResource } from "../domain/built-ins.js";
import { createOwnTokens, InactiveTokenError, type OwnTokenClaims } from "../oidc/own-tokens.js";

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
 * locally (signature, issuer, type, expiry) and still active as every token of ours (own-tokens.ts).
 */
export function adminAuthentication(app: FastifyInstance, { config, host, revocations, pool }: AppDeps): void {
  const ownTokens = createOwnTokens({ issuer: config.issuer, keys: () => host.keys, revocations, pool });
  const resource = adminApiResource(config.issuer);
  const metadataUrl = `${new URL(config.issuer).origin}/.well-known/oauth-protected-resource${new URL(resource).pathname}`;

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

    let claims: OwnTokenClaims;
    try {
      claims = await ownTokens.verifyAccessToken(token, { audience: resource });
    } catch (err) {
      if (!(err instanceof InactiveTokenError)) throw err;
      throw challenge(401, "invalid_token", err.reason === "invalid"
        ? "the access token is invalid, expired, or not for the admin API"
        : "the access token was revoked");
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(ADMIN_SCOPE)) throw challenge(403, "insufficient_scope", `the ${ADMIN_SCOPE} scope is required`);
    request.admin = { subject: String(claims.sub), clientId: String(claims.client_id), scopes };
  });
}
