import type { Grant, KoaContextWithOIDC } from "oidc-provider";
import { allNativeRedirects } from "@toolgate/contracts";
import { evaluateConsent } from "../interaction/consent-evaluation.js";
import { saveGrant } from "../interaction/grant-builder.js";
import type { ProviderInputs } from "./oidc-deps.js";

/**
 * Decides when the consent page can be skipped (docs/security.md, "Authorization requests"):
 * - the client is first-party (marked by an admin): always;
 * - the redirect goes to a loopback address or a private-use scheme: never, whatever
 *   `application_type` the client declared — any program on the machine can receive it, so
 *   the authorization server cannot tell the client from an impostor (RFC 8252 §8.6);
 * - some requested scope cannot be granted: never, so the page can say why (and end a step-up
 *   that cannot succeed instead of looping through silent authorizations);
 * - the user already approved at least the scopes this request would grant: the grant is
 *   (re)built from the current scope decision without asking. Asking for more scopes than
 *   approved shows the page again (incremental consent).
 * Returning no grant makes oidc-provider start from an empty one, so the consent prompt runs.
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
  if (evaluation.resource && !evaluation.decision?.ok) return grant;
  if (!evaluation.firstParty) {
    const redirectUri = oidc.params!.redirect_uri;
    if (typeof redirectUri !== "string" || allNativeRedirects([redirectUri])) return undefined;
    if (evaluation.refusals.length) return undefined;
    if (!evaluation.previouslyApproved) return grant;
  }
  const savedId = await saveGrant(oidc.provider, { accountId, clientId, grantId }, evaluation);
  return oidc.provider.Grant.find(savedId);
}
