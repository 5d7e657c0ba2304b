import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError } from "../errors/product-error.js";
import { verifyClientSecret } from "../oidc/client-secret.js";

export interface ResourceServerPrincipal {
  clientId: string;
  serverId: string;
  resourceUri: string;
}

declare module "fastify" {
  interface FastifyRequest {
    resourceServer: ResourceServerPrincipal;
  }
}

const challenge = { "www-authenticate": 'Basic realm="toolgate", charset="UTF-8"' };

/**
 * Endpoints for MCP servers themselves (revocation feed, audit ingest) accept the server's own
 * client credentials (HTTP Basic, RFC 6749 §2.3.1 encoding) — the ones `POST
 * /api/admin/servers/:id/credentials` issues — and nothing else.
 */
export function resourceServerAuthentication(app: FastifyInstance, { prisma }: AppDeps): void {
  app.decorateRequest("resourceServer", null as unknown as ResourceServerPrincipal);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials) {
      throw new ProductError(401, "auth.unauthenticated", "MCP server client credentials are required (HTTP Basic)", { headers: challenge });
    }
    const client = await prisma.client.findUnique({
      where: { id: credentials.id },
      select: { id: true, status: true, secretHash: true, previousSecretHash: true, previousSecretExpiresAt: true, server: { select: { id: true, resourceUri: true } } },
    });
    const valid = !!client && client.status === "active" && (
      verifyClientSecret(credentials.secret, client.secretHash) ||
      (!!client.previousSecretExpiresAt && client.previousSecretExpiresAt > new Date() && verifyClientSecret(credentials.secret, client.previousSecretHash))
    );
    if (!valid) throw new ProductError(401, "auth.unauthenticated", "invalid client credentials", { headers: challenge });
    if (!client.server) throw new ProductError(403, "auth.forbidden", "this client is not the identity of an MCP server");
    request.resourceServer = { clientId: client.id, serverId: client.server.id, resourceUri: client.server.resourceUri };
  });
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header ? /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim()) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 1) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
