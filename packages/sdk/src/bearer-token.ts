import { ToolgateError } from "./errors.js";

/** RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The bearer token of a request, from the Authorization header only (RFC 6750 §2.1; we advertise
 * `bearer_methods_supported: ["header"]`, RFC 9728 §2). `authorization` holds every Authorization
 * header the request carried (Node keeps only the first in `req.headers`, so adapters pass
 * `req.headersDistinct.authorization`).
 *
 * - no header → `token_missing` (401, no error code: RFC 6750 §3.1 says none for a client that did not try)
 * - another scheme → `token_missing` as well (the client "attempted using an unsupported authentication method")
 * - several headers or several credentials → `multiple_tokens` (400 invalid_request, §3.1 "more than one method")
 * - `access_token` in the query → `token_in_query` (400): §2.3 is not supported, and a token in a URL leaks into logs
 * - `Bearer` with nothing usable after it → `authorization_malformed` (400)
 */
export function extractBearerToken(authorization: readonly string[] | undefined, url: string | undefined, maxTokenBytes: number): string {
  if (url && hasQueryToken(url)) {
    throw new ToolgateError("token_in_query", "access tokens are accepted in the Authorization header only");
  }
  const headers = authorization ?? [];
  if (headers.length === 0) throw new ToolgateError("token_missing", "no access token");
  if (headers.length > 1) throw new ToolgateError("multiple_tokens", "more than one Authorization header");
  const header = headers[0]!.trim();
  const space = header.indexOf(" ");
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== "bearer") {
    throw new ToolgateError("token_missing", "the Authorization header does not use the Bearer scheme");
  }
  const credentials = space < 0 ? "" : header.slice(space + 1).trim();
  if (credentials === "") throw new ToolgateError("authorization_malformed", "the Bearer credentials are empty");
  if (/[\s,]/.test(credentials)) {
    throw new ToolgateError("multiple_tokens", "the Authorization header holds more than one credential");
  }
  if (credentials.length > maxTokenBytes) {
    throw new ToolgateError("token_too_large", `the access token is longer than ${maxTokenBytes} bytes`);
  }
  if (!B64TOKEN.test(credentials)) throw new ToolgateError("authorization_malformed", "the Bearer credentials are not a b64token (RFC 6750 §2.1)");
  return credentials;
}

function hasQueryToken(url: string): boolean {
  const q = url.indexOf("?");
  if (q < 0) return false;
  return new URLSearchParams(url.slice(q + 1)).has("access_token");
}
