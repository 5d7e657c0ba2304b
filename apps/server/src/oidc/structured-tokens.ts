import type { JWTPayload } from "jose";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { RevocationStore } from "../revocation/revocation-store.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { OwnTokens } from "./own-tokens.js";

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) of JWT access tokens. oidc-provider answers
 * `unsupported_token_type` for JWTs — it does not store them — after authenticating the client;
 * this post-step takes over exactly then, with the authenticated client, and answers from the
 * token's signature plus what "still active" means for every token of ours (own-tokens.ts).
 */
export function structuredTokenEndpoints({ ownTokens, revocations, audit }: {
  ownTokens: OwnTokens;
  revocations: RevocationStore;
  audit: AuditLog;
}) {
  async function verified(token: string): Promise<JWTPayload | undefined> {
    return ownTokens.verifySignature(token, { typ: "at+jwt" }).catch(() => undefined);
  }

  return async function handle(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
    await next();
    const route = ctx.oidc?.route;
    if (route !== "introspection" && route !== "revocation") return;
    const body = ctx.body as { error?: string } | undefined;
    const client = ctx.oidc.client;
    // Only after oidc-provider authenticated the client and recognised a JWT.
    if (ctx.status !== 400 || body?.error !== "unsupported_token_type" || !client) return;

    const token = String(ctx.oidc.params?.token ?? "");
    const claims = await verified(token);
    const ownToken = claims?.client_id === client.clientId;
    // Public clients may only look at their own tokens (as oidc-provider's default policy).
    const allowed = client.clientAuthMethod !== "none" || ownToken;

    ctx.status = 200;
    if (route === "introspection") {
      const active = !!claims && allowed && (await ownTokens.inactiveReason(claims)) === undefined;
      ctx.body = active ? { ...claims, active: true, token_type: "Bearer" } : { active: false };
      return;
    }

    // Revocation: RFC 7009 §2.2 — 200 whether or not the token was valid.
    ctx.body = "";
    if (!claims || !allowed) return;
    if (!ownToken) {
      ctx.status = 400;
      ctx.body = { error: "invalid_request", error_description: "client is not authorized to revoke the presented token" };
      return;
    }
    await revocations.revoke({ jti: String(claims.jti) }, "token revoked by its client", {
      until: typeof claims.exp === "number" ? claims.exp : undefined,
    });
    audit.emit({
      type: "token.revoked",
      clientId: client.clientId,
      subject: typeof claims.sub === "string" ? claims.sub : undefined,
      resource: typeof claims.aud === "string" ? claims.aud : undefined,
      reason: "revoked by its client (RFC 7009)",
      ip: ctx.ip,
      details: { jti: claims.jti },
    });
  };
}
