import type { KoaContextWithOIDC } from "oidc-provider";
import type { RegistrationState } from "./client-registrar.js";

/**
 * Answers a re-registration with the client it repeats (see registration-fingerprint.ts):
 * oidc-provider built its response for a fresh client_id that was never stored; this swaps in the
 * existing client's id and a registration access token for it, and drops the one issued for the
 * fresh id.
 */
export async function answerReregistration(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const reused = (ctx.state as RegistrationState).reusedClientId;
  if (ctx.oidc?.route !== "registration" || ctx.status !== 201 || !reused) return;
  const body = ctx.body as Record<string, unknown>;
  const { provider } = ctx.oidc;
  const issued = ctx.oidc.entities.RegistrationAccessToken;
  if (issued) await issued.destroy();
  // The typings omit the constructor's payload; oidc-provider's registration action does the same.
  const Rat = provider.RegistrationAccessToken as unknown as new (payload: { clientId: string }) => { save(): Promise<string> };
  const rat = new Rat({ clientId: reused });
  body.client_id = reused;
  body.registration_access_token = await rat.save();
  body.registration_client_uri = ctx.oidc.urlFor("client", { clientId: reused });
  ctx.status = 201;
}
