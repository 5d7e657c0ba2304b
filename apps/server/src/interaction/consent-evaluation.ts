import type { Prisma, SqlPool } from "../db/prisma.js";
import { decideScopes, parseScopeParam, type ScopeDecision } from "../domain/scope-decision.js";
import { resolveResourceGrant, type RefusalReason } from "../domain/grantable-scopes.js";
import type { ResourceServerRow } from "../domain/resource-lookup.js";
import { OIDC_SCOPES } from "../oidc/oidc-scopes.js";

export interface Refusal {
  scope: string;
  reason: RefusalReason;
}

export interface ConsentEvaluation {
  /** The MCP server the request is for; undefined for a sign-in without resource (OIDC only). */
  server: ResourceServerRow | undefined;
  /** The resource indicator exactly as the client sent it (the key oidc-provider uses). */
  resource: string | undefined;
  decision: ScopeDecision | undefined;
  /** Each requested scope that cannot be granted, and why. */
  refusals: Refusal[];
  /**
   * Every scope of the server this user and client cannot have now, requested or not: recorded on
   * the grant so that a refresh after an admin widened access asks the client to authorize again
   * (token-policies.ts) — the official v1 client only refreshes on a 403, with the scopes of its
   * first authorization.
   */
  ungrantable: string[];
  oidcScopes: string[];
  firstParty: boolean;
  /** The user approved at least these scopes for this client and server before. */
  previouslyApproved: boolean;
  /**
   * The request asks for scopes that cannot be granted and nothing the user has not approved
   * already: answering it with a code would only repeat the token the client has (a step-up that
   * cannot succeed). The page says why and sends the client an error instead of a loop.
   */
  cannotStepUp: boolean;
}

/**
 * The consent question for one authorization request: which scopes would the user grant this
 * client on this server (scope decision with the user's roles), which requested ones cannot be
 * granted and why, and does an earlier approval or the client's first-party status already
 * answer it.
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
  const none = { server: undefined, resource, decision: undefined, refusals: [], ungrantable: [], oidcScopes, firstParty, previouslyApproved: false, cannotStepUp: false };

  if (!resource) return none;
  const found = await resolveResourceGrant(pool, { resource, clientId, userId: accountId });
  if (!found) return none;
  const { server, grantable } = found;
  const decision = decideScopes(resourceScopes.length ? resourceScopes : undefined, grantable);
  const refusals = decision.refused.map((s) => ({ scope: s, reason: found.refusalReason(s) ?? "unknown" }));
  let previouslyApproved = false;
  if (decision.ok) {
    const consent = await prisma.consent.findUnique({
      where: { userId_clientId_serverId: { userId: accountId, clientId, serverId: server.id } },
    });
    previouslyApproved = !!consent && decision.granted.every((s) => consent.scopes.includes(s));
  }
  return { server, resource, decision, refusals, ungrantable: found.ungrantable, oidcScopes, firstParty, previouslyApproved, cannotStepUp: previouslyApproved && refusals.length > 0 };
}

/** One sentence per refused scope, for the consent page and OAuth error descriptions. */
export function describeRefusal({ scope, reason }: Refusal, serverName: string): string {
  switch (reason) {
    case "unknown":
      return `${scope}: ${serverName} has no such scope`;
    case "administrative":
      return `${scope}: administrative access is never given to applications that registered themselves`;
    case "client":
      return `${scope}: this application may not be given it on ${serverName} (an administrator sets what applications may carry for their users)`;
    case "user":
      return `${scope}: your account has no role that includes it (an administrator can give you one)`;
  }
}
