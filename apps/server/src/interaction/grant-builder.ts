import type { Provider } from "oidc-provider";
import type { ConsentEvaluation } from "./consent-evaluation.js";

/**
 * Records an approved consent evaluation as an oidc-provider Grant: the granted scopes for the
 * resource, the refused ones marked rejected (so oidc-provider does not ask for them again in this
 * flow), and the OpenID scopes. Reuses the session's grant for this client when there is one.
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
    grant.addResourceScope(evaluation.resource, evaluation.decision.granted.join(" "));
    if (evaluation.decision.refused.length) {
      grant.rejectResourceScope(evaluation.resource, evaluation.decision.refused.join(" "));
    }
  }
  return grant.save();
}
