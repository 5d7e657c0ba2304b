import type { Grant, Provider } from "oidc-provider";
import type { ConsentEvaluation } from "./consent-evaluation.js";

/**
 * Records an approved consent evaluation as an oidc-provider Grant: the granted scopes for the
 * resource, the refused ones and every other scope of the server the user cannot have now marked
 * rejected (so oidc-provider does not ask for them again in this flow, and a later refresh can
 * tell the user may now be given them: token-policies.ts), and the OpenID scopes. Reuses the session's grant for this client when there is one.
 */
export async function saveGrant(
  provider: Provider,
  { accountId, clientId, grantId }: { accountId: string; clientId: string; grantId?: string | undefined },
  evaluation: ConsentEvaluation,
): Promise<string> {
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant = existing && existing.accountId === accountId && existing.clientId === clientId
    ? existing
    : new provider.Grant({ accountId, clientId });
  if (evaluation.oidcScopes.length) grant.addOIDCScope(evaluation.oidcScopes.join(" "));
  if (evaluation.resource && evaluation.decision?.ok) {
    const { granted, refused } = evaluation.decision;
    grant.addResourceScope(evaluation.resource, granted.join(" "));
    setRejected(grant, evaluation.resource, [...refused, ...evaluation.ungrantable], granted);
  }
  return grant.save();
}

/**
 * oidc-provider lets a rejected scope override a granted one on the same grant, and offers no way
 * to un-reject: a scope refused once (the user lacked the role) would stay out of every token of
 * this grant after the user was given it and approved it. The rejected list is therefore set anew
 * at each approval to what this user and client cannot have now (refused or not requested), minus
 * what is granted: a scope that became grantable and was not asked for drops out, so refreshes of
 * the new grant do not ask for re-authorization again (token-policies.ts).
 */
function setRejected(grant: Grant, resource: string, ungrantable: readonly string[], granted: readonly string[]): void {
  const now = new Set(ungrantable);
  for (const s of granted) now.delete(s);
  const rejected = (grant.rejected ??= {}) as { resources?: Record<string, string> };
  if (now.size) {
    rejected.resources = { ...rejected.resources, [resource]: [...now].join(" ") };
  } else if (rejected.resources) {
    delete rejected.resources[resource];
  }
}
