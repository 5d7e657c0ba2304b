/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of this MCP server, which MCP clients read to
 * find the authorization server (MCP authorization §Authorization Server Location).
 */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
}

export const WELL_KNOWN_PRM = "/.well-known/oauth-protected-resource";

/**
 * Where the document is served (RFC 9728 §3.1): the well-known prefix inserted before the
 * resource's path (`https://h/mcp` → `/.well-known/oauth-protected-resource/mcp`), which is the
 * URL named in challenges, and the root form, which MCP clients try next.
 */
export function prmPaths(resource: string): { primary: string; all: string[] } {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  const primary = `${WELL_KNOWN_PRM}${path}`;
  return { primary, all: primary === WELL_KNOWN_PRM ? [primary] : [primary, WELL_KNOWN_PRM] };
}

/** The absolute URL of the document, for `resource_metadata` in WWW-Authenticate (RFC 9728 §5.1). */
export function prmUrl(resource: string): string {
  return new URL(prmPaths(resource).primary, resource).toString();
}
