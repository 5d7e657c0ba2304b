/** A short, URL- and scope-safe name for an MCP server: the prefix of its imported scopes and of its own client id. */
export function serverSlug(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug.slice(0, 40) || "mcp";
}
