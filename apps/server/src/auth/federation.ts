import * as oidc from "openid-client";
import type { Config } from "../config/load-config.js";
import type { Prisma } from "../db/prisma.js";
import type { IdentityProvider } from "../generated/prisma/client.js";
import { createSecretBox } from "../keys/secret-box.js";
import { isLoopbackHost } from "../config/load-config.js";

/** Why a federated sign-in failed; shown to the user as a page, recorded in the audit trail. */
export class FederationError extends Error {
  override name = "FederationError";
  constructor(
    readonly code: "state_missing" | "state_invalid" | "provider_unavailable" | "upstream_error" | "token_invalid" | "email_missing",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface FederatedClaims {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  username: string | undefined;
  groups: string[];
}

interface PendingSignIn {
  uid: string;
  providerId: string;
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

const STATE_TTL_SECONDS = 600;

export type ClaimMapping = { email: string; name: string; username: string; groups: string };

/**
 * Sign-in with an upstream OpenID Connect provider (Keycloak, Google Workspace, a broker for
 * GitHub…) through openid-client: authorization code flow with PKCE, state and nonce checked.
 * The pending sign-in travels in an encrypted, short-lived cookie bound to the interaction.
 */
export function createFederation({ config, secret }: { config: Config; prisma: Prisma; secret: string }) {
  const stateBox = createSecretBox(secret, "federation-state");
  const clientSecrets = createSecretBox(secret, "idp-client-secret");
  const configs = new Map<string, { version: number; config: Promise<oidc.Configuration> }>();
  const redirectUri = `${config.issuer}/federation/callback`;

  function configFor(provider: IdentityProvider): Promise<oidc.Configuration> {
    const cached = configs.get(provider.id);
    if (cached?.version === provider.version) return cached.config;
    const issuer = new URL(provider.issuer);
    const secretValue = provider.clientSecretEnc ? clientSecrets.open(provider.clientSecretEnc) : undefined;
    const loaded = oidc.discovery(
      issuer,
      provider.clientId,
      secretValue ? { client_secret: secretValue } : { token_endpoint_auth_method: "none" },
      secretValue ? oidc.ClientSecretBasic(secretValue) : oidc.None(),
      // Plain http is accepted for loopback issuers only (the admin API refuses others).
      issuer.protocol === "http:" && isLoopbackHost(issuer.hostname) ? { execute: [oidc.allowInsecureRequests] } : {},
    );
    loaded.catch(() => configs.delete(provider.id));
    configs.set(provider.id, { version: provider.version, config: loaded });
    return loaded;
  }

  return {
    redirectUri,

    sealClientSecret: (value: string) => clientSecrets.seal(value),

    /** The upstream authorization URL and the cookie value that remembers the attempt. */
    async start(provider: IdentityProvider, uid: string): Promise<{ url: string; cookie: string }> {
      let configuration: oidc.Configuration;
      try {
        configuration = await configFor(provider);
      } catch (cause) {
        throw new FederationError("provider_unavailable", `${provider.name} cannot be reached right now`, { cause });
      }
      const verifier = oidc.randomPKCECodeVerifier();
      const pending: PendingSignIn = {
        uid,
        providerId: provider.id,
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier,
        exp: Math.floor(Date.now() / 1000) + STATE_TTL_SECONDS,
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: provider.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.toString(), cookie: stateBox.seal(JSON.stringify(pending)) };
    },

    /** Reads the pending attempt back from its cookie (tampered or expired → FederationError). */
    pending(cookie: string | undefined): PendingSignIn {
      if (!cookie) throw new FederationError("state_missing", "the sign-in took too long or was started in another browser");
      let pending: PendingSignIn;
      try {
        pending = JSON.parse(stateBox.open(cookie)) as PendingSignIn;
      } catch {
        throw new FederationError("state_invalid", "the sign-in could not be verified");
      }
      if (pending.exp < Date.now() / 1000) throw new FederationError("state_missing", "the sign-in took too long; start again");
      return pending;
    },

    /** Redeems the code at the upstream provider; returns the mapped identity claims. */
    async complete(provider: IdentityProvider, pending: PendingSignIn, callbackUrl: URL): Promise<FederatedClaims> {
      const upstreamError = callbackUrl.searchParams.get("error");
      if (upstreamError) {
        const description = callbackUrl.searchParams.get("error_description");
        throw new FederationError("upstream_error", `${provider.name} answered ${upstreamError}${description ? `: ${description}` : ""}`);
      }
      const configuration = await configFor(provider).catch((cause) => {
        throw new FederationError("provider_unavailable", `${provider.name} cannot be reached right now`, { cause });
      });
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (cause) {
        // The log shows the cause's message only; openid-client's is generic ("unexpected JWT claim
        // value encountered"), the one saying which check failed (nonce, iss, aud…) is nested in it.
        throw new FederationError("token_invalid", `the answer from ${provider.name} could not be verified`, { cause: withNestedMessages(cause) });
      }
      const idClaims = tokens.claims()!;
      const mapping = provider.claimMapping as ClaimMapping;
      let claims: Record<string, unknown> = { ...idClaims };
      // OIDC Core §5.4: claims requested through scopes may be returned by the userinfo endpoint
      // only (after a code flow, an ID token often carries `sub` alone); groups in particular rarely
      // travel in the ID token. Any mapped claim the ID token lacks is looked up there.
      const lacking = Object.values(mapping).some((name) => idClaims[name] === undefined);
      if (lacking && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
        try {
          // The ID token's claims win over userinfo's; the subject must be the same (§5.3.2).
          claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...idClaims };
        } catch {
          // The ID token alone decides; a missing email is reported below.
        }
      }
      return mapClaims(idClaims.sub, claims, mapping);
    },
  };
}

export type Federation = ReturnType<typeof createFederation>;

/** An error whose message carries those of its causes ("a: b: c"), keeping the original as cause. */
function withNestedMessages(error: unknown): Error {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 5; e = e.cause) messages.push(e.message);
  return new Error(messages.join(": ") || String(error), { cause: error });
}

export function mapClaims(subject: string, claims: Record<string, unknown>, mapping: ClaimMapping): FederatedClaims {
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
  const groups = claims[mapping.groups];
  return {
    subject,
    email: str(claims[mapping.email])?.toLowerCase(),
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: str(claims[mapping.name]),
    username: str(claims[mapping.username]),
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : typeof groups === "string" ? groups.split(/[ ,]+/).filter(Boolean) : [],
  };
}
