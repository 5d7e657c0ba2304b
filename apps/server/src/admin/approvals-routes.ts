import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { approval as approvalSchema, approvalDecision, approvalListQuery, client as clientSchema, listResponse, type Approval } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import type * as Db from "../generated/prisma/client.js";
import { notFound } from "../errors/product-error.js";
import { adminChange } from "./admin-change.js";
import { errorResponses, page, skipTake, typed } from "./admin-route.js";
import { clientDto } from "./dto.js";
import { clientInclude } from "./clients-routes.js";
import { blockRegistrationsLike } from "../domain/registration-blocks.js";
import { revokeNarrowedAccess } from "../revocation/access-narrowing.js";

type ApprovalRow = Db.ClientApproval & { client: { name: string; kind: Db.ClientKind }; server: { name: string; resourceUri: string } };

function approvalDto(a: ApprovalRow): Approval {
  return {
    clientId: a.clientId, clientName: a.client.name, clientKind: a.client.kind, serverId: a.serverId, serverName: a.server.name,
    resourceUri: a.server.resourceUri, status: a.status, requestedAt: a.requestedAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null, decidedBy: a.decidedBy,
  };
}

/**
 * The approval queue: self-registered clients asking for MCP servers that require approval.
 * Approving lets the client reach the server within its default role (the ceiling, see
 * domain/default-roles.ts); denying keeps it away from that server, and blocks new registrations
 * of the same software until an admin lifts the block (domain/registration-blocks.ts).
 */
export async function approvalsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);
  const include = { client: { select: { name: true, kind: true } }, server: { select: { name: true, resourceUri: true } } } as const;

  r.get("/approvals", {
    schema: { tags: ["clients"], summary: "Approval requests of self-registered clients", querystring: approvalListQuery, response: { 200: listResponse(approvalSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.serverId ? { serverId: q.serverId } : {}),
      ...(q.q ? { OR: [{ clientId: { contains: q.q, mode: "insensitive" as const } }, { client: { name: { contains: q.q, mode: "insensitive" as const } } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.clientApproval.findMany({ where, include, orderBy: { requestedAt: "desc" }, ...skipTake(q) }),
      prisma.clientApproval.count({ where }),
    ]);
    return page(rows.map(approvalDto), total, q);
  });

  r.put("/clients/:id/approvals/:serverId", {
    schema: {
      tags: ["clients"], summary: "Approve or deny a self-registered client for an MCP server",
      params: z.strictObject({ id: z.string().min(1).max(2048), serverId: z.uuid() }), body: approvalDecision,
      response: { 200: clientSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id, serverId } = request.params;
    const approve = request.body.decision === "approve";
    return adminChange(deps, request, approve ? "client.approved" : "client.denied", async (tx) => {
      const client = await tx.client.findUnique({ where: { id } });
      if (!client) throw notFound("client");
      const server = await tx.mcpServer.findUnique({ where: { id: serverId } });
      if (!server) throw notFound("MCP server");
      const data = { status: approve ? ("approved" as const) : ("denied" as const), decidedAt: new Date(), decidedBy: request.admin.subject };
      await tx.clientApproval.upsert({ where: { clientId_serverId: { clientId: id, serverId } }, create: { clientId: id, serverId, ...data }, update: data });
      if (!approve) await blockRegistrationsLike(tx, id);
      // A denial after an approval: the tokens already issued for this server go too.
      if (!approve) await revokeNarrowedAccess(tx, deps.revocations, { clientIds: [id] }, [server.resourceUri], "client denied for the MCP server");
      await tx.client.update({ where: { id }, data: { version: { increment: 1 } } });
      const after = clientDto((await tx.client.findUnique({ where: { id }, include: clientInclude }))!);
      return { result: after, target: id, after: { serverId, decision: request.body.decision, ceilingRole: approve ? server.defaultRoleId : null } };
    });
  });
}
