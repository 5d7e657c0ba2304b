import type { AuditSink } from "./audit-event.js";
import type { Fetch } from "./http-client.js";
import type { ToolPolicy } from "./tool-catalog.js";

/** Everything `createToolgate` accepts. Defaults are in `DEFAULTS`; see the README for each. */
export interface ToolgateOptions {
  /** Toolgate's issuer URL, exactly as its metadata says (`TOOLGATE_ISSUER`). */
  issuer: string;
  /** This MCP server's resource URI, exactly as registered in Toolgate: tokens must have it as `aud`. */
  resource: string;
  /**
   * The MCP server's own client credentials (`POST /api/admin/servers/:id/credentials`): they
   * authenticate the revocation feed, introspection and the default audit sink.
   */
  credentials?: { clientId: string; clientSecret: string };
  /**
   * How revoked tokens are refused: `feed` (default; polled, in memory), `introspection` (one call
   * to Toolgate per request), or `none` (development only: revoked tokens work until they expire).
   */
  revocation?: "feed" | "introspection" | "none";
  /** Feed polling interval. */
  pollIntervalMs?: number;
  /** Longest time without a successful feed sync before the feed counts as stale (the revocation latency bound). */
  maxStalenessMs?: number;
  /**
   * What a stale feed (Toolgate or the network down) means: `last-known` (default) keeps checking
   * tokens against the revocations known so far, so valid tokens keep working through an outage;
   * `refuse` refuses every token (503) until a sync succeeds.
   */
  whenFeedStale?: "last-known" | "refuse";
  /** Accepted token algorithms; asymmetric only. */
  algorithms?: string[];
  /** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
  clockToleranceSec?: number;
  /** Tokens issued longer ago than this are refused (Toolgate's longest access token lifetime). */
  maxTokenAgeSec?: number;
  /** Longest accepted Authorization token. */
  maxTokenBytes?: number;
  /** Largest accepted request body on the MCP endpoint. */
  maxBodyBytes?: number;
  /** An unknown `kid` refetches the JWKS at most once per this. */
  jwksCooldownMs?: number;
  /** Keys are refetched in the background once this old (the cached ones stay in use meanwhile). */
  jwksMaxAgeMs?: number;
  /** Timeout of every call to Toolgate. */
  httpTimeoutMs?: number;
  /** Tool → required scope (and input schema), declared in code; wins over Toolgate's for the same tool. */
  tools?: Record<string, ToolPolicy>;
  /** Fetch the tool map, `scopes_supported` and the resource name from Toolgate (and refresh them). */
  fetchMetadata?: boolean;
  /** How often fetched metadata is refreshed. */
  metadataRefreshMs?: number;
  /**
   * `scopes_supported` of the Protected Resource Metadata: the minimal scopes basic use needs (named
   * in 401 challenges too). Default: the scopes of the read-only tools, else every scope known.
   */
  scopesSupported?: string[];
  /** `resource_name` of the Protected Resource Metadata, if not fetched. */
  resourceName?: string;
  /** Tool-name patterns refused whatever the scopes (`*`, `?` wildcards), e.g. `["admin_*"]`. */
  deny?: string[];
  /** Show a caller only the tools it may call in `tools/list` (with the MCP adapter or `guardTransport`). */
  filterToolsList?: boolean;
  /** Validate `tools/call` arguments against the tool's `inputSchema` before the handler runs. */
  validateArguments?: boolean;
  /** Where tool-call decisions go; default: Toolgate's audit ingest (needs `credentials`); `false` for none. */
  audit?: AuditSink | false;
  /** Background failures (Toolgate unreachable, a bad feed page, audit retries). Default: `console.warn`. */
  onError?: (err: unknown) => void;
  fetch?: Fetch;
  /** Milliseconds since the epoch; for tests. */
  clock?: () => number;
}

export const DEFAULTS = {
  revocation: "feed",
  // docs/resource-server-api.md: "Poll every 2 s to keep revocation within 5 s".
  pollIntervalMs: 2_000,
  maxStalenessMs: 5_000,
  whenFeedStale: "last-known",
  // Toolgate signs access tokens with ES256 (docs/tokens.md); its RS256 keys are for ID tokens.
  algorithms: ["ES256"],
  clockToleranceSec: 5,
  maxTokenAgeSec: 24 * 3600,
  maxTokenBytes: 4096,
  maxBodyBytes: 1024 * 1024,
  // As jose's createRemoteJWKSet: at most one refetch per 30 s for unknown kids, keys refetched after 10 min.
  jwksCooldownMs: 30_000,
  jwksMaxAgeMs: 10 * 60_000,
  httpTimeoutMs: 5_000,
  fetchMetadata: true,
  // Toolgate serves resource metadata with max-age=30.
  metadataRefreshMs: 30_000,
  deny: [] as string[],
  filterToolsList: true,
  validateArguments: true,
} as const;

const ASYMMETRIC = new Set(["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA", "Ed25519"]);

export type ResolvedOptions = Required<Omit<ToolgateOptions, "credentials" | "tools" | "scopesSupported" | "resourceName" | "audit" | "algorithms" | "deny">> & {
  credentials: ToolgateOptions["credentials"];
  tools: Record<string, ToolPolicy>;
  scopesSupported: string[] | undefined;
  resourceName: string | undefined;
  audit: AuditSink | false | undefined;
  algorithms: string[];
  deny: string[];
};

/** Checks the options once, at construction: a wrong value throws a TypeError naming it. */
export function resolveOptions(options: ToolgateOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("createToolgate(options): options are required");
  const issuer = absoluteUrl(options.issuer, "issuer");
  const resource = absoluteUrl(options.resource, "resource");
  if (new URL(resource).hash) throw new TypeError("resource must not have a fragment (RFC 8707 §2)");
  const resolved: ResolvedOptions = {
    ...DEFAULTS,
    fetch: globalThis.fetch,
    clock: Date.now,
    onError: (err: unknown) => console.warn(`[toolgate] ${err instanceof Error ? err.message : String(err)}`),
    ...definedOnly(options),
    issuer,
    resource,
    credentials: options.credentials,
    tools: options.tools ?? {},
    scopesSupported: options.scopesSupported,
    resourceName: options.resourceName,
    audit: options.audit,
    algorithms: [...(options.algorithms ?? DEFAULTS.algorithms)],
    deny: [...(options.deny ?? DEFAULTS.deny)],
  };
  for (const alg of resolved.algorithms) {
    // `none` and HMAC would let anyone who knows the public key (everyone) forge tokens.
    if (!ASYMMETRIC.has(alg)) throw new TypeError(`algorithms: ${alg} is not an asymmetric JWS algorithm`);
  }
  if (!["feed", "introspection", "none"].includes(resolved.revocation)) throw new TypeError("revocation must be feed, introspection or none");
  if (!["last-known", "refuse"].includes(resolved.whenFeedStale)) throw new TypeError("whenFeedStale must be last-known or refuse");
  for (const key of ["pollIntervalMs", "maxStalenessMs", "maxTokenAgeSec", "maxTokenBytes", "maxBodyBytes", "jwksCooldownMs", "jwksMaxAgeMs", "httpTimeoutMs", "metadataRefreshMs"] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) throw new TypeError(`${key} must be a positive number`);
  }
  if (!Number.isFinite(resolved.clockToleranceSec) || resolved.clockToleranceSec < 0) throw new TypeError("clockToleranceSec must be ≥ 0");
  if (resolved.maxStalenessMs < resolved.pollIntervalMs) throw new TypeError("maxStalenessMs must be at least pollIntervalMs");
  const c = resolved.credentials;
  if (c !== undefined && (typeof c.clientId !== "string" || !c.clientId || typeof c.clientSecret !== "string" || !c.clientSecret)) {
    throw new TypeError("credentials must have a clientId and a clientSecret");
  }
  if (!c && resolved.revocation !== "none") {
    throw new TypeError(`credentials are required for revocation: "${resolved.revocation}" (the MCP server's own, from POST /api/admin/servers/:id/credentials)`);
  }
  if (!c && resolved.audit === undefined) throw new TypeError("credentials are required for the default audit sink; pass audit: false or your own sink otherwise");
  if (!resolved.fetchMetadata && Object.keys(resolved.tools).length === 0) {
    throw new TypeError("with fetchMetadata: false, declare the tools and their scopes in `tools`");
  }
  if (resolved.revocation === "none") {
    resolved.onError(new Error("revocation: \"none\" — revoked clients, grants and users keep working until their tokens expire. Development only."));
  }
  return resolved;
}

function absoluteUrl(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URL, got ${value}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`${name} must be an http(s) URL`);
  return value;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
