import type { Tx } from "../db/prisma.js";
import { serverSlug } from "./server-slug.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { TOKEN_EXCHANGE } from "../oidc/token-exchange/token-types.js";

export interface ServerCredentials {
  clientId: string;
  clientSecret: string;
  /** True when the server already had credentials and only the secret was replaced. */
  replaced: boolean;
}

/**
 * An MCP server's own confidential client: it authenticates the revocation feed, the audit
 * ingest and token exchange. The first call creates the client; later calls replace its secret
 * (the old one stops working at once). The secret is returned here only — it is stored hashed.
 */
export async function issueServerCredentials(tx: Tx, server: { id: string; name: string; clientId: string | null }): Promise<ServerCredentials> {
  const clientSecret = generateClientSecret();
  if (server.clientId) {
    await tx.client.update({
      where: { id: server.clientId },
      // No grace period here: a secret still in its grace from an earlier rotation ends too.
      data: { secretHash: hashClientSecret(clientSecret), previousSecretHash: null, previousSecretExpiresAt: null, secretRotatedAt: new Date(), version: { increment: 1 } },
    });
    return { clientId: server.clientId, clientSecret, replaced: true };
  }
  const name = `${server.name} (MCP server)`;
  const metadata = {
    client_name: name,
    grant_types: ["client_credentials", TOKEN_EXCHANGE],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
  };
  const clientId = `mcp-${serverSlug(server.name)}-${server.id.slice(-8)}`;
  await tx.client.create({ data: { id: clientId, kind: "application", name, metadata, secretHash: hashClientSecret(clientSecret) } });
  await tx.mcpServer.update({ where: { id: server.id }, data: { clientId, version: { increment: 1 } } });
  return { clientId, clientSecret, replaced: false };
}
