import { Provider, type KoaContextWithOIDC } from "oidc-provider";
import { providerConfiguration } from "./provider-config.js";
import { structuredTokenEndpoints } from "./structured-tokens.js";
import { createOwnTokens } from "./own-tokens.js";
import { installClientSecretCheck } from "./client-secret-check.js";
import { discoveryExtras } from "./discovery-extras.js";
import { hideStoredSecrets } from "./registration-responses.js";
import { answerReregistration } from "./reregistration.js";
import { registrationUpdateSecret } from "./registration-update-secret.js";
import { observeProvider } from "./provider-events.js";
import { registerTokenExchange } from "./token-exchange/exchange-grant.js";
import type { ProviderInputs } from "./oidc-deps.js";

/** A configured oidc-provider instance for the current signing keys. */
export function createProvider(inputs: ProviderInputs): Provider {
  const { config, prisma, revocations, audit, keys, pool } = inputs;
  const ownTokens = createOwnTokens({ issuer: config.issuer, keys: () => keys, revocations, pool });
  const provider = new Provider(config.issuer, providerConfiguration(inputs));
  // The forwarded headers it reads are set by oidc-routes.ts (pinToIssuer), never the client's.
  provider.proxy = true;

  installClientSecretCheck(provider, prisma);
  registerTokenExchange(provider, inputs, ownTokens);
  provider.use(discoveryExtras(prisma, config));
  provider.use(hideStoredSecrets);
  provider.use(answerReregistration);
  provider.use(registrationUpdateSecret(inputs.pool));
  provider.use(
    structuredTokenEndpoints({ ownTokens, revocations, audit }) as (
      ctx: KoaContextWithOIDC,
      next: () => Promise<void>,
    ) => Promise<void>,
  );
  observeProvider(provider, inputs);
  return provider;
}

export { publicJwks } from "../keys/public-jwks.js";
