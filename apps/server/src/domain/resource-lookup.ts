/**
 * Clients disagree about trailing slashes: one registers https://mcp.example.com/mcp and sends
 * https://mcp.example.com/mcp/, another sends https://example.com where URL parsing gives
 * https://example.com/. A resource indicator therefore matches a registered MCP server when it
 * equals the server's resource URI or differs from it by one trailing slash only. The token's
 * audience is always the registered URI, so resource servers compare one exact value.
 */
export function resourceCandidates(resource: string): string[] {
  return resource.endsWith("/") ? [resource, resource.slice(0, -1)] : [resource, `${resource}/`];
}

export interface ResourceServerRow {
  id: string;
  resourceUri: string;
  name: string;
  accessTokenTtl: number;
  /** Toolgate's own admin API: its scopes are administrative. */
  builtIn: boolean;
}
