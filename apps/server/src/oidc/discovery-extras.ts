import type { KoaContextWithOIDC } from "oidc-provider";
import type { Prisma } from "../db/prisma.js";
import type { Config } from "../config/load-config.js";

/**
 * Adds to the authorization server metadata what oidc-provider does not know: the protected
 * resources (MCP servers) this server issues tokens for (RFC 9728 §4 `protected_resources`), and
 * how long it may be cached. `offline_access` stays supported but unadvertised (OpenID Connect
 * Discovery lets a server omit scopes): refresh tokens do not need it (provider-config.ts), and the
 * official MCP client, seeing it, requests it with `prompt=consent`, which would show the consent
 * page at every reconnect.
 */
export function discoveryExtras(prisma: Prisma, config: Pick<Config, "keyPropagationSeconds">) {
  // A new signing key is published keyPropagationSeconds before it signs (keys-command.ts): a
  // cached key set must be refetched within that time, or tokens signed by the new key fail.
  const jwksMaxAge = Math.min(300, Math.floor(config.keyPropagationSeconds / 2));
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.oidc?.route === "jwks" && ctx.status === 200) {
      ctx.set("Cache-Control", jwksMaxAge > 0 ? `public, max-age=${jwksMaxAge}` : "no-cache");
      return;
    }
    if (ctx.oidc?.route !== "discovery" || ctx.status !== 200) return;
    const servers = await prisma.mcpServer.findMany({ select: { resourceUri: true }, orderBy: { resourceUri: "asc" } });
    const body = ctx.body as Record<string, unknown>;
    body.protected_resources = servers.map((s) => s.resourceUri);
    if (Array.isArray(body.scopes_supported)) body.scopes_supported = body.scopes_supported.filter((s) => s !== "offline_access");
    // Every URL in it comes from the issuer (oidc-routes.ts, pinToIssuer), so it may be cached;
    // briefly, as protected_resources follows the servers admins register.
    ctx.set("Cache-Control", "public, max-age=300");
  };
}
