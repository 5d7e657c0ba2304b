import type { ToolgateError } from "./errors.js";

/**
 * The `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3, RFC 9728 §5.1), or undefined when the
 * refusal is not about the token (a tool denied by rule, an outage): a Bearer error there would
 * send clients into a pointless re-authorization.
 *
 * - 401 without a token: `resource_metadata` only (§3.1: no error code when none was sent), plus
 *   `scope` when the request was a tool call (MCP authorization §Protected Resource Metadata Discovery)
 * - 400/401 with a bad token: `error="invalid_request"` or `error="invalid_token"`
 * - 403: `error="insufficient_scope"` with every scope needed, granted ones included (MCP §Scope Challenge Handling)
 */
export function bearerChallenge(error: ToolgateError, resourceMetadataUrl: string): string | undefined {
  const bearerError = error.bearerError;
  // A 400 about the request itself (its body, its MCP headers) says nothing about the token.
  if (error.status !== 401 && !bearerError) return undefined;
  const params: string[] = [];
  if (bearerError) params.push(`error="${bearerError}"`);
  if (error.scope?.length) params.push(`scope="${quote(error.scope.join(" "))}"`);
  params.push(`resource_metadata="${quote(resourceMetadataUrl)}"`);
  if (bearerError) params.push(`error_description="${quote(error.message)}"`);
  return `Bearer ${params.join(", ")}`;
}

/** A quoted-string (RFC 9110 §5.6.4) of printable ASCII: anything else is dropped. */
function quote(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "\\$&");
}
