import { errors, type KoaContextWithOIDC, type ResourceServer, type Client } from "oidc-provider";
import { decideScopes, parseScopeParam } from "../domain/scope-decision.js";
import { resolveResourceGrant } from "../domain/grantable-scopes.js";
import type { ProviderInputs } from "./oidc-deps.js";
import { OIDC_SCOPES } from "./oidc-scopes.js";
import { requestApproval } from "../domain/client-approval.js";
import { impliedResource } from "../domain/implied-resource.js";
import { refuseRefreshBehindNewAccess } from "./token-policies.js";

/**
 * RFC 8707 resource indicators: every access token is for one registered MCP server, and its
 * audience is that server's resource URI. This is also where the scope decision meets
 * oidc-provider: the resource server's `scope` is what this client (and user) may be granted.
 */
/** The authorization request, and its resumption after sign-in and consent. */
const AUTHORIZATION_ROUTES = new Set(["authorization", "resume", "pushed_authorization_request"]);

export function resourceIndicators({ pool, keys, prisma, audit }: ProviderInputs) {
  return {
    enabled: true,

    // No resource: the audience is implied when it is unambiguous (domain/implied-resource.ts),
    // else invalid_target with guidance. OpenID Connect sign-in alone (openid, profile…) needs
    // none: its access token is only good at the userinfo endpoint. At the token endpoint a code
    // or refresh token carries the resource it was granted for (useGrantedResource).
    async defaultResource(ctx: KoaContextWithOIDC, _client: Client, oneOf?: readonly string[]) {
      if (oneOf) throw severalResources();
      const { route, params } = ctx.oidc;
      const choosing = AUTHORIZATION_ROUTES.has(route) || (route === "token" && params?.grant_type === "client_credentials");
      if (!choosing) return undefined;
      const requested = parseScopeParam(params?.scope) ?? [];
      const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s));
      if (AUTHORIZATION_ROUTES.has(route) && requested.length > 0 && resourceScopes.length === 0) return undefined;
      const implied = await impliedResource(pool, resourceScopes);
      if (implied.kind === "resolved") return implied.resourceUri;
      throw new errors.InvalidTarget(
        implied.kind === "spans"
          ? `the requested scopes belong to different MCP servers (${implied.resourceUris.join(", ")}): request a token for one of them, naming it with the resource parameter (RFC 8707)`
          : "the resource parameter is required: name the MCP server this token is for (RFC 8707), e.g. resource=https://mcp.example.com/mcp",
      );
    },

    async getResourceServerInfo(ctx: KoaContextWithOIDC, resource: string, client: Client): Promise<ResourceServer> {
      // Repeated, even with the same value: a code would carry both, and fail at the token endpoint.
      if (asArray(ctx.oidc.params?.resource).length > 1) throw severalResources();
      const userId = ctx.oidc.entities?.Account?.accountId ?? ctx.oidc.entities?.Grant?.accountId;
      const found = await resolveResourceGrant(pool, { resource, clientId: client.clientId, userId });
      if (!found) {
        throw new errors.InvalidTarget(`unknown resource ${JSON.stringify(resource)}: no MCP server with this resource URI is registered`);
      }
      const { server, grantable, approval } = found;
      if (approval !== "not_needed" && approval !== "approved") {
        if (approval === "required") await requestApproval(prisma, audit, client.clientId, server, ctx.ip);
        throw new errors.UnauthorizedClient(
          approval === "denied"
            ? `an administrator denied this client access to ${server.name}`
            : `this client awaits an administrator's approval for ${server.name}; try again once it is approved`,
        );
      }
      applyDefaultScope(ctx, grantable);
      refuseRefreshBehindNewAccess(ctx, resource, grantable);

      return {
        scope: [...grantable].join(" "),
        audience: server.resourceUri,
        accessTokenTTL: server.accessTokenTtl,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: "ES256", kid: keys.signing.ES256 } },
      };
    },

    // Clients may leave `resource` out at the token endpoint when the code or refresh token
    // names exactly one (MCP clients usually repeat it anyway).
    async useGrantedResource() {
      return true;
    },
  };
}

/**
 * One token, one audience: a request naming several resources is refused (RFC 8707 §2 lets the
 * server refuse a combination it cannot issue). Accepting them would mean one consent for
 * several servers and a code good for either, which neither oidc-provider's grant model nor an
 * MCP client needs: MCP clients ask per server.
 */
function severalResources() {
  return new errors.InvalidTarget("only one resource may be requested: one token is for one MCP server; authorize once per server (RFC 8707 §2)");
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * A request with no scope at all gets the resource's scopes the client may have (RFC 6749 §3.3);
 * a request for only scopes nobody may grant is `invalid_scope`. Applies where the client states
 * what it wants: the authorization request and client_credentials. (At the token endpoint for a
 * code or refresh token, `scope` narrows what was already granted.)
 */
function applyDefaultScope(ctx: KoaContextWithOIDC, grantable: Set<string>): void {
  const { route, params } = ctx.oidc;
  const choosing = route === "authorization" || route === "pushed_authorization_request" ||
    (route === "token" && params?.grant_type === "client_credentials");
  if (!choosing || !params) return;

  const requested = parseScopeParam(params.scope);
  const oidcRequested = requested?.filter((s) => OIDC_SCOPES.has(s)) ?? [];
  const resourceRequested = requested?.filter((s) => !OIDC_SCOPES.has(s));
  const decision = decideScopes(resourceRequested?.length ? resourceRequested : undefined, grantable);
  if (!decision.ok) {
    throw new errors.InvalidScope(
      decision.reason === "nothing_grantable"
        ? "this client may not be granted any scope of the requested resource"
        : `requested scope is not granted to this client: ${decision.refused.join(" ")}`,
      decision.refused.join(" "),
    );
  }
  if (!resourceRequested?.length) {
    params.scope = [...oidcRequested, ...decision.granted].join(" ");
  }
}
