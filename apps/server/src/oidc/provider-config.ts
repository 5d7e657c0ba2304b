import { errors, type Configuration, type KoaContextWithOIDC, type AdapterPayload } from "oidc-provider";
import { deriveKey } from "../keys/secret-box.js";
import { ArtifactAdapter } from "./artifact-adapter.js";
import { ClientAdapter } from "./client-adapter.js";
import { createClientRegistrar } from "./client-registrar.js";
import { createFindAccount } from "./find-account.js";
import { resourceIndicators } from "./resource-indicators.js";
import { extraTokenClaims } from "./token-claims.js";
import { loadExistingGrant } from "./existing-grant.js";
import { clientIdMetadataDocument, cimdFetch } from "./cimd.js";
import { APPLICATION_TYPE_NOT_GIVEN, registrationPolicy } from "./registration-policy.js";
import type { ProviderInputs } from "./oidc-deps.js";
import { OIDC_SCOPES } from "./oidc-scopes.js";
import { introspectionAllowed, revocationAllowed } from "./token-policies.js";
import type { Tx } from "../db/prisma.js";

/**
 * The whole oidc-provider configuration, in one place. Every choice here is a security decision;
 * the comments cite where it comes from.
 */
export function providerConfiguration(inputs: ProviderInputs): Configuration {
  const { config, prisma, pool, secret, revocations, audit, keys, pages } = inputs;
  const registrar = createClientRegistrar({ prisma, audit, revocations, metrics: inputs.metrics });
  const clientAdapter = new ClientAdapter(pool, registrar, inputs.log);
  const onGrantDestroyed = async (grant: AdapterPayload, tx: Tx) => {
    if (grant.jti) await revocations.revoke({ grantId: grant.jti }, "grant revoked", { tx });
  };
  const secure = config.issuer.startsWith("https:");

  return {
    adapter: (name: string) => (name === "Client" ? clientAdapter : new ArtifactAdapter(name, prisma, onGrantDestroyed)),
    jwks: keys.jwks as Configuration["jwks"],
    findAccount: createFindAccount(prisma),

    // Authorization code only (OAuth 2.1 §4; RFC 9700 §2.1.2: no implicit, no hybrid).
    responseTypes: ["code"],
    // PKCE S256 for every client, confidential ones included (OAuth 2.1 §4.1.1, MCP authorization).
    pkce: { required: () => true },
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"],
    enabledJWA: {
      clientAuthSigningAlgValues: ["ES256", "ES384", "PS256", "RS256", "EdDSA"],
      idTokenSigningAlgValues: ["ES256", "RS256"],
      requestObjectSigningAlgValues: ["ES256", "PS256", "RS256", "EdDSA"],
    },
    clientDefaults: {
      // Not OpenID Connect's "web": a marker the registration policy replaces at every client
      // construction, so that it tells a value the client sent from one it left out — in DCR
      // and in metadata documents alike (registration-policy.ts, checkApplicationType).
      application_type: APPLICATION_TYPE_NOT_GIVEN as "web",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "ES256",
    },
    scopes: [...OIDC_SCOPES],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
    },
    // RFC 7591 software_id / software_version: kept to recognise re-registrations.
    extraClientMetadata: {
      properties: ["software_id", "software_version"],
      validator: registrationPolicy(config),
    },
    // RFC 8252 §7.3: loopback redirect URIs match on any port (for native clients, see policy).
    allowOmittingSingleRegisteredRedirectUri: false,

    features: {
      devInteractions: { enabled: false },
      // MCP clients do not send DPoP proofs and resource servers here do not check them.
      dPoP: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => pages.koa(ctx, "logout", { form }),
        postLogoutSuccessSource: async (ctx) => pages.koa(ctx, "logged-out", {}),
      },
      registration: {
        enabled: config.registration.mode !== "off",
        initialAccessToken: config.registration.mode === "token",
        issueRegistrationAccessToken: true,
      },
      registrationManagement: { enabled: config.registration.mode !== "off", rotateRegistrationAccessToken: true },
      resourceIndicators: resourceIndicators(inputs),
      clientIdMetadataDocument: clientIdMetadataDocument(inputs),
      // The typings model features as unions keyed on unrelated ones; the shape is checked by
      // oidc-provider itself at construction.
    } as Configuration["features"],
    fetch: cimdFetch(inputs) as Configuration["fetch"],

    extraTokenClaims,
    loadExistingGrant: (ctx: KoaContextWithOIDC) => loadExistingGrant(ctx, inputs),
    // Refresh tokens for every client allowed the grant: access tokens live minutes, not hours.
    // They do not depend on `offline_access` (not advertised: the official MCP client adds it and
    // then `prompt=consent`, which would ask the user again at every reconnect); a grant for an
    // MCP server outlives the browser session (until the refresh TTL or a revocation).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async (_ctx, code) => !code.scopes.has("offline_access") && !("resource" in code && code.resource),
    // Rotate on every use; a reused refresh token revokes the whole grant (OAuth 2.1 §4.3.1).
    rotateRefreshToken: true,

    ttl: {
      AuthorizationCode: 60,
      Interaction: 15 * 60,
      Session: config.ttl.session,
      Grant: config.ttl.refreshToken,
      IdToken: 3600,
      RefreshToken: config.ttl.refreshToken,
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
    },

    cookies: {
      keys: [deriveKey(secret, "cookies").toString("base64url")],
      long: { signed: true, httpOnly: true, sameSite: "lax", secure },
      short: { signed: true, httpOnly: true, sameSite: "lax", secure },
      names: { session: "tg_session", interaction: "tg_interaction", resume: "tg_resume" },
    },

    interactions: {
      url: (_ctx, interaction) => `${config.basePath}/interaction/${interaction.uid}`,
    },

    renderError: async (ctx, out) => {
      await pages.koa(ctx, "error", {
        title: "This request could not be completed",
        error: out.error,
        description: out.error_description,
      });
    },

    routes: {
      authorization: "/auth",
      token: "/token",
      introspection: "/token/introspection",
      revocation: "/token/revocation",
      registration: "/reg",
      jwks: "/jwks",
      userinfo: "/me",
      end_session: "/session/end",
      pushed_authorization_request: "/request",
    },
  };
}

export { errors };
