import { Provider, type KoaContextWithOIDC } from "oidc-provider";
import type { JSONWebKeySet, JWK } from "jose";
import { providerConfiguration } from "./provider-config.js";
import { structuredTokenEndpoints } from "./structured-tokens.js";
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
  const { config, prisma, revocations, audit, keys } = inputs;
  const provider = new Provider(config.issuer, providerConfiguration(inputs));
  // The forwarded headers it reads are set by oidc-routes.ts (pinToIssuer), never the client's.
  provider.proxy = true;

  installClientSecretCheck(provider, prisma);
  registerTokenExchange(provider, inputs);
  provider.use(discoveryExtras(prisma, config));
  provider.use(hideStoredSecrets);
  provider.use(answerReregistration);
  provider.use(registrationUpdateSecret(inputs.pool));
  provider.use(
    structuredTokenEndpoints({ prisma, revocations, audit, issuer: config.issuer, publicJwks: publicJwks(keys.jwks.keys) }) as (
      ctx: KoaContextWithOIDC,
      next: () => Promise<void>,
    ) => Promise<void>,
  );
  observeProvider(provider, inputs);
  return provider;
}

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"] as const;

export function publicJwks(keys: JWK[]): JSONWebKeySet {
  return {
    keys: keys.map((key) => {
      const copy: Record<string, unknown> = { ...key };
      for (const member of PRIVATE_MEMBERS) delete copy[member];
      return copy as JWK;
    }),
  };
}
