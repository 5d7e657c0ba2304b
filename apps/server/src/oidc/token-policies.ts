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
