import type { Grant, KoaContextWithOIDC } from "oidc-provider";
import { evaluateConsent } from "../interaction/consent-evaluation.js";
import { saveGrant } from "../interaction/grant-builder.js";
import type { ProviderInputs } from "./oidc-deps.js";

/**
 * Decides when the consent page can be skipped: the client is first-party (marked by an admin),
 * or the user already approved at least the scopes this request would grant — then the grant is
 * (re)built from the current scope decision without asking. Asking for more scopes than approved
 * shows the page again (incremental consent).
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC, { prisma, pool }: ProviderInputs): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const clientId = oidc.client!.clientId;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId);
  const grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const accountId = oidc.session!.accountId;
  if (!accountId || oidc.result?.consent) return grant;

  const resource = Object.keys(oidc.resourceServers ?? {})[0];
  const evaluation = await evaluateConsent({ prisma, pool }, { accountId, clientId, scope: oidc.params!.scope, resource });
  const answered = evaluation.firstParty || evaluation.previouslyApproved;
  if (!answered || (evaluation.resource && !evaluation.decision?.ok)) return grant;

  const savedId = await saveGrant(oidc.provider, { accountId, clientId, grantId }, evaluation);
  return oidc.provider.Grant.find(savedId);
}
