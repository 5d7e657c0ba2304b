/** OpenID Connect scopes: about the user's identity, not about any MCP server. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "offline_access", "profile", "email"]);
