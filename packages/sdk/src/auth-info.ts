/**
 * What a verified token tells a tool handler. Structurally the `AuthInfo` of both MCP SDKs — v1
 * `@modelcontextprotocol/sdk` (`server/auth/types.ts`, handlers read `extra.authInfo`) and v2
 * `@modelcontextprotocol/server` (handlers read `ctx.http.authInfo`, factories `ctx.authInfo`) —
 * declared here so the core needs no MCP SDK at run time.
 */
export interface AuthInfo {
  token: string;
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  expiresAt?: number;
  /** The RFC 8707 resource the token was issued for: this server. */
  resource?: URL;
  /** RFC 9728 metadata URL of this server (v2 SDK's field; its scope challenges name it). */
  resourceMetadataUrl?: string;
  extra?: Record<string, unknown>;
}

/** Toolgate's additions, in `AuthInfo.extra`. */
export interface ToolgateIdentity {
  /** `sub`: the user (authorization code) or the agent's client id (client_credentials). */
  subject: string;
  /**
   * The `act` claim (RFC 8693 §4.1) flattened, nearest actor first: `["inspector"]` for a client
   * acting for a user, `["mcp-server", "inspector"]` for a delegation. Empty for machine tokens.
   */
  actorChain: string[];
  /** `jti`. */
  tokenId: string;
  /** `grant_id` (user tokens). */
  grantId?: string;
  issuer: string;
}

export interface ToolgateAuthInfo extends AuthInfo {
  expiresAt: number;
  resource: URL;
  extra: ToolgateIdentity & Record<string, unknown>;
}

/** The Toolgate identity of a caller, from `extra.authInfo` in a tool handler. */
export function identityOf(authInfo: AuthInfo | undefined): ToolgateIdentity | undefined {
  const extra = authInfo?.extra;
  if (!extra || typeof extra.subject !== "string" || !Array.isArray(extra.actorChain)) return undefined;
  return extra as unknown as ToolgateIdentity;
}

/** `act` → `[act.sub, act.act.sub, …]`, bounded (a token cannot make us loop). */
export function actorChain(act: unknown): string[] {
  const chain: string[] = [];
  let current = act;
  while (typeof current === "object" && current !== null && chain.length < 10) {
    const sub = (current as { sub?: unknown }).sub;
    if (typeof sub !== "string") break;
    chain.push(sub);
    current = (current as { act?: unknown }).act;
  }
  return chain;
}
