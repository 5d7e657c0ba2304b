import type { Prisma, SqlPool } from "../db/prisma.js";
import { decideScopes, parseScopeParam, type ScopeDecision } from "../domain/scope-decision.js";
import { resolveResourceGrant } from "../domain/grantable-scopes.js";
import type { ResourceServerRow } from "../domain/resource-lookup.js";
import { OIDC_SCOPES } from "../oidc/oidc-scopes.js";

export interface ConsentEvaluation {
  /** The MCP server the request is for; undefined for a sign-in without resource (OIDC only). */
  server: ResourceServerRow | undefined;
  /** The resource indicator exactly as the client sent it (the key oidc-provider uses). */
  resource: string | undefined;
  decision: ScopeDecision | undefined;
  oidcScopes: string[];
  firstParty: boolean;
  /** The user approved at least these scopes for this client and server before. */
  previouslyApproved: boolean;
}

/**
 * The consent question for one authorization request: which scopes would the user grant this
 * client on this server (scope decision with the user's roles), and does an earlier approval or
 * the client's first-party status already answer it.
 */
export async function evaluateConsent(
  { prisma, pool }: { prisma: Prisma; pool: SqlPool },
  { accountId, clientId, scope, resource }: { accountId: string; clientId: string; scope: unknown; resource: string | undefined },
): Promise<ConsentEvaluation> {
  const requested = parseScopeParam(scope) ?? [];
  const oidcScopes = requested.filter((s) => OIDC_SCOPES.has(s));
  const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s));
  const clientRow = await prisma.client.findUnique({ where: { id: clientId }, select: { firstParty: true } });
  const firstParty = clientRow?.firstParty ?? false;

  if (!resource) {
    return { server: undefined, resource, decision: undefined, oidcScopes, firstParty, previouslyApproved: false };
  }
  const found = await resolveResourceGrant(pool, { resource, clientId, userId: accountId });
  if (!found) {
    return { server: undefined, resource, decision: undefined, oidcScopes, firstParty, previouslyApproved: false };
  }
  const { server, grantable } = found;
  const decision = decideScopes(resourceScopes.length ? resourceScopes : undefined, grantable);
  let previouslyApproved = false;
  if (decision.ok) {
    const consent = await prisma.consent.findUnique({
      where: { userId_clientId_serverId: { userId: accountId, clientId, serverId: server.id } },
    });
    previouslyApproved = !!consent && decision.granted.every((s) => consent.scopes.includes(s));
  }
  return { server, resource, decision, oidcScopes, firstParty, previouslyApproved };
}
