import type { KoaContextWithOIDC } from "oidc-provider";
import { isClientSecretHash } from "./client-secret.js";

/**
 * RFC 7592 read and update responses echo the client's metadata; the secret Toolgate holds is a
 * hash (the secret itself was shown once, at registration), so it is left out rather than sent.
 */
export async function hideStoredSecrets(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const route = ctx.oidc?.route;
  if (route !== "client" && route !== "client_update") return;
  const body = ctx.body as Record<string, unknown> | undefined;
  if (typeof body?.client_secret === "string" && isClientSecretHash(body.client_secret)) {
    delete body.client_secret;
  }
}
