/**
 * Every refusal the SDK makes is a `ToolgateError` with a stable `code` (switch on it, as on
 * jose's `err.code`). The code decides the HTTP answer; see `refusal-response.ts` and the README's
 * table of codes.
 */
export type ToolgateErrorCode =
  // The request carries no usable token (RFC 6750 §3.1: 400 invalid_request, or 401 without error).
  | "token_missing"
  | "authorization_malformed"
  | "multiple_tokens"
  | "token_in_query"
  // The token is not valid for this resource (401 invalid_token).
  | "token_too_large"
  | "token_malformed"
  | "alg_not_allowed"
  | "typ_invalid"
  | "kid_unknown"
  | "signature_invalid"
  | "issuer_invalid"
  | "audience_invalid"
  | "token_expired"
  | "token_not_yet_valid"
  | "claims_invalid"
  | "token_revoked"
  // Toolgate cannot currently vouch for tokens (503 + Retry-After): never turned into an accept.
  | "toolgate_unavailable"
  // The token is valid, the call is not allowed.
  | "insufficient_scope"
  | "tool_denied"
  | "tool_unknown"
  | "arguments_invalid"
  | "batch_refused"
  // The HTTP request itself.
  | "request_too_large"
  | "request_malformed"
  // MCP Streamable HTTP request metadata (2026-07-28 §Request Metadata): headers that disagree with
  // the body, or a protocol revision the guard cannot enforce.
  | "header_mismatch"
  | "protocol_version_unsupported";

/** The `error` parameter of a Bearer challenge (RFC 6750 §3.1). */
export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

export interface ToolgateErrorOptions {
  /** Scopes a step-up should ask for (insufficient_scope). */
  scope?: string[];
  /** Seconds a client should wait (toolgate_unavailable). */
  retryAfter?: number;
  /** Extra members of the JSON-RPC error's `data` (e.g. `supported`/`requested` of an unsupported protocol version). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

export class ToolgateError extends Error {
  override readonly name = "ToolgateError";
  readonly code: ToolgateErrorCode;
  readonly scope: string[] | undefined;
  readonly retryAfter: number | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ToolgateErrorCode, message: string, options: ToolgateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.scope = options.scope;
    this.retryAfter = options.retryAfter;
    this.data = options.data;
  }

  /** HTTP status of the refusal. Tool-level refusals answer 200 with a JSON-RPC error (MCP tools §Error Handling). */
  get status(): number {
    return STATUS[this.code];
  }

  /** The RFC 6750 error code for the WWW-Authenticate challenge, when there is one. */
  get bearerError(): BearerError | undefined {
    return BEARER_ERROR[this.code];
  }
}

const STATUS: Record<ToolgateErrorCode, number> = {
  token_missing: 401,
  authorization_malformed: 400,
  multiple_tokens: 400,
  token_in_query: 400,
  token_too_large: 401,
  token_malformed: 401,
  alg_not_allowed: 401,
  typ_invalid: 401,
  kid_unknown: 401,
  signature_invalid: 401,
  issuer_invalid: 401,
  audience_invalid: 401,
  token_expired: 401,
  token_not_yet_valid: 401,
  claims_invalid: 401,
  token_revoked: 401,
  toolgate_unavailable: 503,
  insufficient_scope: 403,
  tool_denied: 403,
  tool_unknown: 200,
  arguments_invalid: 200,
  batch_refused: 200,
  request_too_large: 413,
  request_malformed: 400,
  header_mismatch: 400,
  protocol_version_unsupported: 400,
};

const BEARER_ERROR: Partial<Record<ToolgateErrorCode, BearerError>> = {
  authorization_malformed: "invalid_request",
  multiple_tokens: "invalid_request",
  token_in_query: "invalid_request",
  token_too_large: "invalid_token",
  token_malformed: "invalid_token",
  alg_not_allowed: "invalid_token",
  typ_invalid: "invalid_token",
  kid_unknown: "invalid_token",
  signature_invalid: "invalid_token",
  issuer_invalid: "invalid_token",
  audience_invalid: "invalid_token",
  token_expired: "invalid_token",
  token_not_yet_valid: "invalid_token",
  claims_invalid: "invalid_token",
  token_revoked: "invalid_token",
  insufficient_scope: "insufficient_scope",
};

export function isToolgateError(err: unknown): err is ToolgateError {
  return err instanceof ToolgateError;
}
