import type { KoaContextWithOIDC } from "oidc-provider";
import type { Prisma } from "../db/prisma.js";

/**
 * Adds to the authorization server metadata what oidc-provider does not know: the protected
 * resources (MCP servers) this server issues tokens for (RFC 9728 §4 `protected_resources`).
 * `offline_access` stays supported but unadvertised (OpenID Connect Discovery lets a server omit
 * scopes): refresh tokens do not need it (provider-config.ts), and the official MCP client, seeing
 * it, requests it with `prompt=consent`, which would show the consent page at every reconnect.
 */
export function discoveryExtras(prisma: Prisma) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.oidc?.route !== "discovery" || ctx.status !== 200) return;
    const servers = await prisma.mcpServer.findMany({ select: { resourceUri: true }, orderBy: { resourceUri: "asc" } });
    const body = ctx.body as Record<string, unknown>;
    body.protected_resources = servers.map((s) => s.resourceUri);
    if (Array.isArray(body.scopes_supported)) body.scopes_supported = body.scopes_supported.filter((s) => s !== "offline_access");
  };
}
