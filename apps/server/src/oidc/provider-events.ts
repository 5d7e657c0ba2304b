import type { KoaContextWithOIDC, Provider } from "oidc-provider";
import type { ProviderInputs } from "./oidc-deps.js";
import { TOKEN_EXCHANGE } from "./token-exchange/token-types.js";
import { createResourceLabels, grantTypeLabel } from "../metrics/metric-labels.js";

interface TokenLike {
  accountId?: string;
  clientId?: string;
  scope?: string;
  aud?: string | string[];
  jti?: string;
  extra?: Record<string, unknown>;
}

/**
 * Turns oidc-provider's events into audit events and logs. Only identifiers go out — never a
 * token, code or secret value.
 */
export function observeProvider(provider: Provider, { log, audit, usage, metrics, pool }: ProviderInputs): void {
  const resourceLabel = createResourceLabels(pool);
  const base = (ctx: KoaContextWithOIDC) => ({
    ip: ctx.ip,
    requestId: ctx.get("x-request-id") || undefined,
    clientId: ctx.oidc?.client?.clientId,
  });

  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const token = (ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials) as TokenLike | undefined;
    if (ctx.oidc.client) usage.touch(ctx.oidc.client.clientId);
    const resource = Array.isArray(token?.aud) ? token?.aud[0] : token?.aud;
    metrics.tokensIssued.inc({ grant_type: String(ctx.oidc.params?.grant_type ?? "unknown"), resource: resource ?? "userinfo" });
    const act = token?.extra?.act as { sub?: string } | undefined;
    audit.emit({
      ...base(ctx),
      type: ctx.oidc.params?.grant_type === TOKEN_EXCHANGE ? "token.exchanged" : "token.issued",
      decision: "allow",
      subject: token?.accountId ?? token?.clientId,
      actorChain: actorChain(token?.extra?.act) ?? (token?.accountId && token.clientId ? [token.clientId] : undefined),
      resource: Array.isArray(token?.aud) ? token?.aud[0] : token?.aud,
      scopes: token?.scope ? token.scope.split(" ") : [],
      details: { grantType: ctx.oidc.params?.grant_type, jti: token?.jti, actor: act?.sub },
    });
  });

  const refused = (type: string) => (ctx: KoaContextWithOIDC, err: { error?: string; error_description?: string; error_detail?: string; status?: number }) => {
    if ((err.status ?? 500) >= 500) return;
    if (type === "token.refused") {
      const labels = { grant_type: grantTypeLabel(ctx.oidc?.params?.grant_type), error: err.error ?? "unknown" };
      // Grant type and resource indicator are the caller's to choose: only known values become labels.
      resourceLabel(ctx.oidc?.params?.resource).then(
        (resource) => metrics.tokensRefused.inc({ ...labels, resource }),
        (error: unknown) => log.warn({ err: error }, "could not label a refused token request"),
      );
    }
    audit.emit({
      ...base(ctx),
      type,
      decision: "deny",
      resource: typeof ctx.oidc?.params?.resource === "string" ? ctx.oidc.params.resource : undefined,
      scopes: typeof ctx.oidc?.params?.scope === "string" ? ctx.oidc.params.scope.split(" ").filter(Boolean) : [],
      reason: [err.error, err.error_description].filter(Boolean).join(": "),
      // What the client is not told (e.g. why its assertion failed: replayed, expired, wrong
      // audience, unknown key), for the administrator.
      details: { grantType: ctx.oidc?.params?.grant_type, ...(err.error_detail ? { detail: err.error_detail } : {}) },
    });
  };
  provider.on("grant.error", refused("token.refused"));
  provider.on("authorization.error", refused("authorization.refused"));
  // A refused Dynamic Client Registration or RFC 7592 update, with the policy's reason.
  provider.on("registration_create.error", refused("client.registration_refused"));
  provider.on("registration_update.error", refused("client.registration_refused"));

  provider.on("grant.revoked", (ctx: KoaContextWithOIDC, grantId: string) => {
    audit.emit({ ...base(ctx), type: "grant.revoked", reason: ctx.oidc?.route, details: { grantId } });
  });

  provider.on("server_error", (ctx: KoaContextWithOIDC, err: Error) => {
    log.error({ err, route: ctx.oidc?.route, method: ctx.method }, "oidc-provider server error");
  });
}

/** ["mcp-server", "original-client"] from a nested RFC 8693 `act` claim. */
export function actorChain(act: unknown): string[] | undefined {
  const chain: string[] = [];
  let current = act as { sub?: unknown; act?: unknown } | undefined;
  while (current && typeof current === "object" && typeof current.sub === "string") {
    chain.push(current.sub);
    current = current.act as typeof current;
  }
  return chain.length ? chain : undefined;
}
