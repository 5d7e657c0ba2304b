import { errors, type KoaContextWithOIDC, type Provider } from "oidc-provider";
import type { ProviderInputs } from "../oidc-deps.js";
import { decideScopes, parseScopeParam } from "../../domain/scope-decision.js";
import { resolveResourceGrant } from "../../domain/grantable-scopes.js";
import { loadExchangePolicyScopes, loadSubjectScopes } from "../../domain/subject-scopes.js";
import { verifyPresentedToken } from "./subject-token.js";
import type { OwnTokens } from "../own-tokens.js";
import { invalidGrant } from "./invalid-grant.js";
import { ACCEPTED_SUBJECT_TYPES, ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE, USER_TOKEN_TYPE } from "./token-types.js";

const PARAMETERS = ["subject_token", "subject_token_type", "actor_token", "actor_token_type", "resource", "audience", "scope", "requested_token_type"];

interface Exchange {
  subject: string;
  act: Record<string, unknown>;
  grantId: string | undefined;
  /** The new token never outlives the token it was exchanged for. */
  notAfter: number | undefined;
  target: { id: string; resourceUri: string; accessTokenTtl: number };
  scopes: string[];
}

/**
 * OAuth 2.0 Token Exchange (RFC 8693) at the token endpoint, in two forms:
 * - delegation: an MCP server, authenticated with its own client credentials, presents a token
 *   whose audience is itself and gets one for a downstream server an admin paired it with. The
 *   subject stays; the actor chain grows (`act: { sub: server, act: { sub: original client } }`).
 * - on behalf of: an agent presents its own token as actor_token and names a user who delegated
 *   to it (subject_token_type urn:toolgate:params:oauth:token-type:user).
 */
export function registerTokenExchange(provider: Provider, inputs: ProviderInputs, ownTokens: OwnTokens): void {
  provider.registerGrantType(TOKEN_EXCHANGE, async (ctx: KoaContextWithOIDC) => {
    const params = ctx.oidc.params as Record<string, string | undefined>;
    const client = ctx.oidc.client!;
    if (!params.subject_token) throw new errors.InvalidRequest("missing required parameter 'subject_token'");
    if (!params.subject_token_type) throw new errors.InvalidRequest("missing required parameter 'subject_token_type'");
    if (!ACCEPTED_SUBJECT_TYPES.has(params.subject_token_type)) {
      throw new errors.InvalidRequest(`unsupported subject_token_type; use ${ACCESS_TOKEN_TYPE}`);
    }
    if (params.requested_token_type && params.requested_token_type !== ACCESS_TOKEN_TYPE && params.requested_token_type !== JWT_TOKEN_TYPE) {
      throw new errors.InvalidRequest("only access tokens can be requested");
    }
    if (params.audience) throw new errors.InvalidTarget("name the downstream server with `resource` (its resource URI), not `audience`");
    if (!params.resource) throw new errors.InvalidTarget("the resource parameter is required: the downstream MCP server or API the new token is for");
    // `resource` may repeat (RFC 8707); one exchanged token is for one downstream server.
    if (Array.isArray(params.resource)) throw new errors.InvalidTarget("only one resource may be requested: one exchanged token is for one downstream server (RFC 8707 §2)");

    const exchange = params.subject_token_type === USER_TOKEN_TYPE
      ? await onBehalfOf(inputs, ownTokens, client.clientId, params)
      : await delegation(inputs, ownTokens, client.clientId, params);

    const info = {
      scope: exchange.scopes.join(" "),
      audience: exchange.target.resourceUri,
      accessTokenFormat: "jwt" as const,
      accessTokenTTL: exchange.target.accessTokenTtl,
      jwt: { sign: { alg: "ES256", kid: inputs.keys.signing.ES256 } },
    };
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = Math.min(exchange.target.accessTokenTtl, exchange.notAfter ? exchange.notAfter - now : Infinity);
    if (expiresIn <= 0) throw invalidGrant("subject_token is expired");

    const at = new provider.AccessToken({ accountId: exchange.subject, client, gty: "token_exchange", scope: info.scope, expiresIn } as never);
    // Pinned to the same clock reading: oidc-provider would otherwise take its own, a second later
    // at worst, and the token could outlive its subject token by that second.
    Object.assign(at, { iat: now, exp: now + expiresIn });
    const ResourceServer = (provider as unknown as { ResourceServer: new (id: string, info: object) => unknown }).ResourceServer;
    at.resourceServer = new ResourceServer(exchange.target.resourceUri, info) as never;
    at.extra = { act: exchange.act, ...(exchange.grantId ? { grant_id: exchange.grantId } : {}) };
    ctx.oidc.entity("AccessToken", at);
    const value = await at.save();
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: "Bearer",
      expires_in: expiresIn,
      scope: info.scope,
    };
  }, PARAMETERS, ["resource"]);
}

/** An MCP server exchanges a token it received for one to a downstream server. */
async function delegation(inputs: ProviderInputs, ownTokens: OwnTokens, clientId: string, params: Record<string, string | undefined>): Promise<Exchange> {
  const { pool } = inputs;
  const { rows: [source] } = await pool.query<{ id: string; resource_uri: string }>(
    "SELECT id, resource_uri FROM mcp_server WHERE client_id = $1", [clientId],
  );
  if (!source) throw new errors.UnauthorizedClient("only an MCP server's own client may exchange the tokens it receives");
  const { claims } = await verifyPresentedToken(ownTokens, params.subject_token!, "subject_token");
  if (claims.aud !== source.resource_uri) throw invalidGrant("subject_token was not issued for this MCP server (audience mismatch)");

  const target = await resolveTarget(inputs, params.resource!, clientId, undefined);
  const policy = await loadExchangePolicyScopes(pool, source.id, target.server.id);
  if (!policy) throw new errors.InvalidTarget(`this MCP server may not exchange tokens for ${target.server.resourceUri}`);
  const subject = String(claims.sub);
  const allowed = intersect(policy, await loadSubjectScopes(pool, target.server.id, subject));
  return {
    subject,
    act: { sub: clientId, ...(claims.act ? { act: claims.act } : { act: { sub: claims.client_id } }) },
    grantId: claims.grant_id,
    notAfter: claims.exp,
    target: target.server,
    scopes: decide(params.scope, allowed),
  };
}

/** An agent asks for a token on behalf of a user who delegated to it. */
async function onBehalfOf(inputs: ProviderInputs, ownTokens: OwnTokens, clientId: string, params: Record<string, string | undefined>): Promise<Exchange> {
  const { pool } = inputs;
  if (!params.actor_token || params.actor_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`an on-behalf-of exchange needs the agent's own access token as actor_token (actor_token_type ${ACCESS_TOKEN_TYPE})`);
  }
  const { claims: actor } = await verifyPresentedToken(ownTokens, params.actor_token, "actor_token");
  if (actor.sub !== clientId || actor.client_id !== clientId || actor.act) throw invalidGrant("actor_token must be the requesting agent's own token");
  const { rows: [delegated] } = await pool.query<{ user_id: string; scopes: string[]; expires_at: Date | null }>(
    `SELECT d.user_id, d.scopes, d.expires_at FROM delegation d JOIN "user" u ON u.id = d.user_id
     WHERE d.agent_id = $1 AND (u.id::text = $2 OR u.email = lower($2)) AND u.status = 'active'
       AND (d.expires_at IS NULL OR d.expires_at > now() AT TIME ZONE 'UTC')`,
    [clientId, params.subject_token],
  );
  if (!delegated) throw invalidGrant("this user has not delegated to this agent");
  const target = await resolveTarget(inputs, params.resource!, clientId, delegated.user_id);
  const allowed = delegated.scopes.length ? intersect(target.grantable, new Set(delegated.scopes)) : target.grantable;
  return {
    subject: delegated.user_id,
    act: { sub: clientId },
    grantId: undefined,
    // Never past the agent's own token nor the end of the delegation.
    notAfter: Math.min(actor.exp ?? Infinity, delegated.expires_at ? Math.floor(delegated.expires_at.getTime() / 1000) : Infinity),
    target: target.server,
    scopes: decide(params.scope, allowed),
  };
}

async function resolveTarget(inputs: ProviderInputs, resource: string, clientId: string, userId: string | undefined) {
  const found = await resolveResourceGrant(inputs.pool, { resource, clientId, userId });
  if (!found) throw new errors.InvalidTarget(`unknown resource ${JSON.stringify(resource)}: no MCP server with this resource URI is registered`);
  // Administrative access (Toolgate's own admin API) is only ever granted directly to a client an
  // admin gave it to, never derived from another token (docs/security.md).
  if (found.server.builtIn) throw new errors.InvalidTarget("tokens for Toolgate's administrative API are never issued through token exchange");
  return found;
}

function decide(scope: string | undefined, allowed: Set<string>): string[] {
  const decision = decideScopes(parseScopeParam(scope), allowed);
  if (!decision.ok) {
    throw new errors.InvalidScope(
      decision.reason === "nothing_grantable" ? "no scope of the downstream resource can be granted in this exchange" : `scope not allowed in this exchange: ${decision.refused.join(" ")}`,
      decision.refused.join(" "),
    );
  }
  return decision.granted;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}
