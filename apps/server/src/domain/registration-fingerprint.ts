import { createHash } from "node:crypto";

const FIELDS = [
  "client_name", "redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method", "application_type",
  "scope", "software_id", "software_version", "logo_uri", "client_uri", "policy_uri", "tos_uri", "contacts", "jwks_uri",
] as const;

/**
 * Some clients (Claude among them) register again on every connect. Two registrations of a public
 * client with the same metadata are the same software: they share one fingerprint, and the second
 * gets the first's client_id instead of a new client with separate rights. Confidential clients
 * are never merged (a second registration would replace the first's secret).
 */
export function registrationFingerprint(metadata: Record<string, unknown>): string | undefined {
  if (metadata.token_endpoint_auth_method !== "none") return undefined;
  const normalized: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = metadata[field];
    if (value === undefined) continue;
    normalized[field] = Array.isArray(value) ? [...value].map(String).sort() : value;
  }
  return createHash("sha256").update(JSON.stringify(normalized)).digest("base64url");
}
