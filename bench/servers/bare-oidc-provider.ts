import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import { Provider } from "oidc-provider";

/** Baseline: oidc-provider alone, in-memory adapter, one static client, JWT access tokens. */
const port = Number(process.env.PORT);
const url = `http://127.0.0.1:${port}`;
const secret = process.env.CLIENT_SECRET!;
const resource = process.env.RESOURCE!;
const { privateKey } = await generateKeyPair("ES256", { extractable: true });
const provider = new Provider(url, {
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: "ES256", use: "sig", kid: "k1" }] },
  clients: [{ client_id: "bench-agent", client_secret: secret, grant_types: ["client_credentials"], response_types: [], redirect_uris: [] }],
  clientDefaults: { id_token_signed_response_alg: "ES256" },
  enabledJWA: { idTokenSigningAlgValues: ["ES256"] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      getResourceServerInfo: () => ({ scope: "research:browse research:export", accessTokenFormat: "jwt", accessTokenTTL: 300, jwt: { sign: { alg: "ES256" } } }),
    },
  } as never,
});
const server = createServer(provider.callback());
server.listen(port, "127.0.0.1", () => process.stdout.write(`READY ${JSON.stringify({ url })}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
