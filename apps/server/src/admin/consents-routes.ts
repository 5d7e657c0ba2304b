import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { consent as consentSchema, consentListQuery, listResponse, type Consent } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import type * as Db from "../generated/prisma/client.js";
import { notFound } from "../errors/product-error.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { revokeConsent } from "../domain/consent-revocation.js";

export const consentInclude = {
  user: { select: { email: true } },
  client: { select: { name: true } },
  server: { select: { name: true, resourceUri: true } },
} as const;

export function consentDto(c: Db.Consent & { user: { email: string }; client: { name: string }; server: { name: string; resourceUri: string } }): Consent {
  return {
    id: c.id, userId: c.userId, userEmail: c.user.email, clientId: c.clientId, clientName: c.client.name || c.clientId,
    serverId: c.serverId, serverName: c.server.name, resourceUri: c.server.resourceUri, scopes: c.scopes,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
}

/** Users' approvals of clients, by user or client; revoking one revokes its grants and tokens. */
export async function consentsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  r.get("/consents", {
    schema: { tags: ["consents"], summary: "Consents, filtered by user, client or server", querystring: consentListQuery, response: { 200: listResponse(consentSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.userId ? { userId: q.userId } : {}),
      ...(q.clientId ? { clientId: q.clientId } : {}),
      ...(q.serverId ? { serverId: q.serverId } : {}),
      ...(q.q ? { OR: [{ user: { email: { contains: q.q, mode: "insensitive" as const } } }, { client: { name: { contains: q.q, mode: "insensitive" as const } } }, { clientId: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.consent.findMany({ where, include: consentInclude, orderBy: { updatedAt: "desc" }, ...skipTake(q) }),
      prisma.consent.count({ where }),
    ]);
    return page(rows.map(consentDto), total, q);
  });

  r.delete("/consents/:id", {
    schema: { tags: ["consents"], summary: "Revoke a consent, its grants and tokens", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const done = await revokeConsent(deps, request.params.id, {
      by: "admin", admin: { subject: request.admin.subject, clientId: request.admin.clientId }, ip: request.ip, requestId: request.id,
    });
    if (!done) throw notFound("consent");
    return reply.code(204).send(null);
  });
}
