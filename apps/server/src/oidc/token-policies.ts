import { errors, type Client, type KoaContextWithOIDC } from "oidc-provider";

/**
 * Who may introspect (RFC 7662 §4) or revoke (RFC 7009 §2.1) a token stored by oidc-provider
 * (refresh tokens; JWT access tokens follow the same rule in structured-tokens.ts): a public
 * client only its own tokens; a confidential client may introspect any token (resource servers
 * do), and revoke only its own.
 */
export async function introspectionAllowed(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string }): Promise<boolean> {
  return client.clientAuthMethod !== "none" || token.clientId === client.clientId;
}

export async function revocationAllowed(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string }): Promise<boolean> {
  if (token.clientId === client.clientId) return true;
  // A public client learns nothing from the answer (RFC 7009 §2.2: 200 either way).
  if (client.clientAuthMethod === "none") return false;
  throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
}

/**
 * A refresh cannot add scopes the user did not grant (RFC 6749 §6), so when the user can now be
 * given a scope of the server they could not have when the grant was approved (the grant records
 * those as rejected — the user lacked the role, or the client's ceiling was lower — whether the
 * client asked for them or not), the refresh answers `invalid_grant`, once per widening:
 * official MCP clients then start a new authorization, the consent page asks for the new scope,
 * and step-up completes — the v1 SDK (1.32) answers a 403 `insufficient_scope` with a refresh and
 * nothing else. Refreshes of grants with nothing newly grantable are not affected.
 */
export function refuseRefreshBehindNewAccess(ctx: KoaContextWithOIDC, resource: string, grantable: ReadonlySet<string>): void {
  if (ctx.oidc.route !== "token" || ctx.oidc.params?.grant_type !== "refresh_token") return;
  const grant = ctx.oidc.entities.Grant;
  if (!grant) return;
  const granted = new Set(grant.getResourceScope(resource).split(" "));
  const newly = grant.getRejectedResourceScope(resource).split(" ").filter((s) => s && grantable.has(s) && !granted.has(s));
  if (!newly.length) return;
  // A described invalid_grant (oidc-provider's own always says "grant request is invalid").
  throw new errors.CustomOIDCProviderError(
    "invalid_grant",
    `the user may now be granted ${newly.join(" ")}, which they could not have when this grant was approved; a refresh cannot add scopes (RFC 6749 §6): authorize again to obtain them`,
  );
}
