import { errors, type KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../config/load-config.js";
import { OIDC_SCOPES } from "./oidc-scopes.js";
import { applicationTypeOf, checkRedirectUri, redirectUriApplicationType } from "@toolgate/contracts";

/**
 * What a client may register about itself (RFC 7591 §2, RFC 9700 §4.1, RFC 8252), applied by
 * oidc-provider's extraClientMetadata validator before its own checks — during Dynamic Client
 * Registration, RFC 7592 updates and Client ID Metadata Documents. Metadata shown to users (name, logo,
 * homepage) is bounded and cleaned; redirect URIs must be https, loopback http, or a private-use
 * scheme; self-registered clients get no client_credentials (a user must be in the loop).
 */
const REGISTRATION_ROUTES = new Set(["registration", "client_update"]);
const ALLOWED_AUTH_METHODS = new Set(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]);
const ALLOWED_GRANT_TYPES = new Set(["authorization_code", "refresh_token"]);
const MAX = { client_name: 100, uri: 2048, redirect_uris: 20, software_id: 200, software_version: 100 } as const;

type Metadata = Record<string, unknown>;

/** oidc-provider's default application_type (provider-config.ts): "the client did not say". */
export const APPLICATION_TYPE_NOT_GIVEN = "toolgate:not-given";

export function registrationPolicy(_config: Config) {
  return function validator(ctx: KoaContextWithOIDC | undefined, key: string, _value: unknown, metadata: Metadata): void {
    // Runs once per client construction (for the first extra property).
    if (key !== "software_id") return;
    keepOnlyIdentityScopes(metadata);
    if (metadata.application_type === APPLICATION_TYPE_NOT_GIVEN) delete metadata.application_type;
    // A Client ID Metadata Document is a registration too, made by whoever serves it (admins'
    // client ids cannot contain "/", so an https client_id is always one): the same policy.
    if (isMetadataDocumentClient(metadata)) return checkRegistrationMetadata(metadata);
    if (ctx && REGISTRATION_ROUTES.has(ctx.oidc?.route ?? "")) return checkRegistrationMetadata(metadata);
    // A stored client (admin-created, or registered before): OpenID Connect's default.
    metadata.application_type ??= "web";
  };
}

function isMetadataDocumentClient(metadata: Metadata): boolean {
  return typeof metadata.client_id === "string" && metadata.client_id.startsWith("https://");
}

/**
 * A client's registered `scope` (RFC 7591 §2) — from DCR, RFC 7592 or a Client ID Metadata
 * Document — often lists the MCP server's scopes (the official MCP SDK sends the challenge's or
 * the Protected Resource Metadata's). oidc-provider would refuse those as unknown; but what a
 * client may get from an MCP server is decided by roles at every token request, never by what it
 * registered. So the registration keeps only the OpenID Connect scopes (which oidc-provider then
 * uses as the client's allow-list for them) and drops the rest (RFC 7591 §3.2.1 lets the server
 * replace requested values); an empty result leaves `scope` unset.
 */
function keepOnlyIdentityScopes(metadata: Metadata): void {
  if (typeof metadata.scope !== "string") return;
  const kept = metadata.scope.split(" ").filter((s) => OIDC_SCOPES.has(s));
  if (kept.length) metadata.scope = kept.join(" ");
  else delete metadata.scope;
}

export function checkRegistrationMetadata(metadata: Metadata): void {
  const invalid = (message: string) => new errors.InvalidClientMetadata(message);

  for (const field of ["software_id", "software_version"] as const) {
    const v = metadata[field];
    if (v !== undefined && (typeof v !== "string" || v.length > MAX[field])) {
      throw invalid(`${field} must be a string of at most ${MAX[field]} characters`);
    }
  }

  if (metadata.client_name !== undefined) {
    if (typeof metadata.client_name !== "string") throw invalid("client_name must be a string");
    const cleaned = metadata.client_name.replace(/[\p{Cc}\p{Cf}]/gu, "").trim();
    if (!cleaned || cleaned.length > MAX.client_name) {
      throw invalid(`client_name must be 1 to ${MAX.client_name} visible characters`);
    }
    metadata.client_name = cleaned;
  }

  for (const field of ["logo_uri", "client_uri", "policy_uri", "tos_uri"]) {
    const v = metadata[field];
    if (v === undefined) continue;
    const url = typeof v === "string" && v.length <= MAX.uri ? URL.parse(v) : null;
    if (!url || url.protocol !== "https:" || url.username || url.password) {
      throw invalid(`${field} must be an https URL of at most ${MAX.uri} characters`);
    }
  }

  const method = metadata.token_endpoint_auth_method;
  if (method !== undefined && (typeof method !== "string" || !ALLOWED_AUTH_METHODS.has(method))) {
    throw invalid(`token_endpoint_auth_method must be one of ${[...ALLOWED_AUTH_METHODS].join(", ")}`);
  }

  const grantTypes = metadata.grant_types;
  if (grantTypes !== undefined) {
    if (!Array.isArray(grantTypes) || grantTypes.some((g) => typeof g !== "string" || !ALLOWED_GRANT_TYPES.has(g))) {
      throw invalid(`grant_types may only contain ${[...ALLOWED_GRANT_TYPES].join(", ")} for self-registered clients`);
    }
  }

  const responseTypes = metadata.response_types;
  if (responseTypes !== undefined && (!Array.isArray(responseTypes) || responseTypes.some((r) => r !== "code"))) {
    throw invalid("response_types may only contain code");
  }

  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) {
    throw refuseRedirectUris("must contain at least one URI");
  }
  if (redirectUris.length > MAX.redirect_uris) {
    throw refuseRedirectUris(`may contain at most ${MAX.redirect_uris} URIs`);
  }
  for (const uri of redirectUris) {
    const problem = typeof uri === "string" ? checkRedirectUri(uri) : "must be a string";
    if (problem) throw refuseRedirectUris(`entry ${JSON.stringify(uri)} ${problem}`);
  }
  checkApplicationType(metadata, redirectUris as string[]);
}

/**
 * `application_type` as OpenID Connect Registration §2 defines it: `web` clients redirect to https
 * URIs, `native` clients to loopback http (any port, RFC 8252 §7.3) or a private-use scheme
 * (RFC 8252 §7.1). A client that leaves it out (every client before MCP 2026-07-28) gets the type
 * its redirect URIs all share — OpenID Connect's default `web` for https ones, `native` for
 * loopback and private-use ones, so that 2025-era CLI and desktop clients keep working; when they
 * mix, only the client can say which it is. oidc-provider is configured without a default
 * (provider-config.ts), so an absent value here is one the client really left out.
 */
function checkApplicationType(metadata: Metadata, redirectUris: string[]): void {
  const declared = metadata.application_type;
  if (declared === undefined) {
    const inferred = applicationTypeOf(redirectUris);
    if (!inferred) {
      throw new errors.InvalidClientMetadata(
        "application_type is required when redirect_uris mix https (web) and loopback or private-use (native) URIs: send application_type web or native (OpenID Connect Registration §2)",
      );
    }
    metadata.application_type = inferred;
    return;
  }
  if (declared !== "web" && declared !== "native") {
    throw new errors.InvalidClientMetadata("application_type must be web or native");
  }
  const wrong = redirectUris.find((uri) => redirectUriApplicationType(uri) !== declared);
  if (wrong !== undefined) {
    throw refuseRedirectUris(
      declared === "web"
        ? `entry ${JSON.stringify(wrong)} is not allowed for application_type web, which redirects to https URIs only; a loopback or private-use redirect belongs to application_type native (OpenID Connect Registration §2, RFC 8252)`
        : `entry ${JSON.stringify(wrong)} is not allowed for application_type native, which redirects to loopback http or a private-use scheme only (OpenID Connect Registration §2, RFC 8252 §7)`,
    );
  }
}

/**
 * A refusal of `redirect_uris` with its reason (RFC 7591 §3.2.2). oidc-provider's own
 * InvalidRedirectUri always says "did not match the registered redirect_uris", whatever the cause;
 * its InvalidClientMetadata answers `invalid_redirect_uri` for a description about redirect_uris.
 */
function refuseRedirectUris(reason: string) {
  return new errors.InvalidClientMetadata(`redirect_uris ${reason}`);
}
