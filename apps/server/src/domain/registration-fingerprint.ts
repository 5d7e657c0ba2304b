import { createHash } from "node:crypto";
import { isLoopbackRedirect } from "@toolgate/contracts";

const FIELDS = [
  "client_name", "redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method", "application_type",
  "scope", "software_id", "software_version", "logo_uri", "client_uri", "policy_uri", "tos_uri", "contacts", "jwks_uri",
] as const;

/**
 * What makes two registrations "the same software" for a registration block: everything a
 * registrant describes itself with, except what varies between installs or releases of one
 * program — the port of a loopback redirect (RFC 8252 §7.3: native apps pick one per run), the
 * version, and `scope` (clients derive it from the server they connect to).
 */
const SOFTWARE_FIELDS = FIELDS.filter((f) => f !== "software_version" && f !== "scope");

/**
 * Some clients (Claude among them) register again on every connect. Two registrations of a public
 * client with the same metadata are the same software: they share one fingerprint, and the second
 * gets the first's client_id instead of a new client with separate rights. Confidential clients
 * are never merged (a second registration would replace the first's secret).
 */
export function registrationFingerprint(metadata: Record<string, unknown>): string | undefined {
  if (metadata.token_endpoint_auth_method !== "none") return undefined;
  return digest(metadata, FIELDS);
}

/**
 * The software a self-registered client (any auth method, DCR or CIMD) claims to be, for
 * registration blocks (registration-blocks.ts). Self-asserted: a registrant that changes its
 * name or redirect URIs is different software to this fingerprint — which is why servers that
 * matter require approval of self-registered clients.
 */
export function softwareFingerprint(metadata: Record<string, unknown>): string {
  const redirects = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris.map((u) => withoutLoopbackPort(String(u))) : metadata.redirect_uris;
  return digest({ ...metadata, redirect_uris: redirects }, SOFTWARE_FIELDS);
}

function withoutLoopbackPort(uri: string): string {
  const url = URL.parse(uri);
  if (!url || !isLoopbackRedirect(url)) return uri;
  url.port = "";
  return url.href;
}

function digest(metadata: Record<string, unknown>, fields: readonly string[]): string {
  const normalized: Record<string, unknown> = {};
  for (const field of fields) {
    const value = metadata[field];
    if (value === undefined) continue;
    normalized[field] = Array.isArray(value) ? [...value].map(String).sort() : value;
  }
  return createHash("sha256").update(JSON.stringify(normalized)).digest("base64url");
}
