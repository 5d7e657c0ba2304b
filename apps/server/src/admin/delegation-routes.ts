import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  delegation as delegationSchema, delegationCreate, delegationListQuery, delegationUpdate, exchangePolicy as policySchema, exchangePolicyCreate,
  exchangePolicyListQuery, exchangePolicyUpdate, listResponse, type Delegation, type ExchangePolicy,
} from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import type * as Db from "../generated/prisma/client.js";
import { conflict, invalid, notFound } from "../errors/product-error.js";
import { adminChange, type Tx } from "./admin-change.js";
import { MAX_ACCESS_TOKEN_TTL } from "../revocation/revocation-store.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";

const policyInclude = {
  sourceServer: { select: { name: true } },
  targetServer: { select: { name: true, resourceUri: true } },
  scopes: { include: { scope: { select: { id: true, name: true } } } },
} as const;
type PolicyRow = Db.ExchangePolicy & { sourceServer: { name: string }; targetServer: { name: string; resourceUri: string }; scopes: { scope: { id: string; name: string } }[] };

const policyDto = (p: PolicyRow): ExchangePolicy => ({
  id: p.id, sourceServerId: p.sourceServerId, sourceServerName: p.sourceServer.name, targetServerId: p.targetServerId,
  targetServerName: p.targetServer.name, targetResourceUri: p.targetServer.resourceUri,
  scopes: p.scopes.map((s) => s.scope).sort((a, b) => a.name.localeCompare(b.name)), createdAt: p.createdAt.toISOString(),
});

const delegationInclude = { user: { select: { email: true } }, agent: { select: { name: true } } } as const;
const delegationDto = (d: Db.Delegation & { user: { email: string }; agent: { name: string } }): Delegation => ({
  id: d.id, userId: d.userId, userEmail: d.user.email, agentId: d.agentId, agentName: d.agent.name, scopes: d.scopes,
  expiresAt: d.expiresAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
});

/** Token exchange policies (server → downstream) and user → agent delegations. */
export async function delegationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  /** Tokens the source server obtained for the target through exchange: its client, that audience. */
  async function revokeExchangedTokens(tx: Tx, policy: PolicyRow, reason: string) {
    const source = await tx.mcpServer.findUnique({ where: { id: policy.sourceServerId }, select: { clientId: true } });
    if (source?.clientId) await deps.revocations.revoke({ clientId: source.clientId, audience: policy.targetServer.resourceUri }, reason, { tx });
  }

  async function checkTargetScopes(tx: Tx, targetServerId: string, scopeIds: string[]) {
    const count = await tx.scope.count({ where: { id: { in: scopeIds }, serverId: targetServerId } });
    if (count !== new Set(scopeIds).size) throw invalid("scopeIds", "must be scopes of the target server");
  }

  r.get("/exchange-policies", {
    schema: { tags: ["delegation"], summary: "Token exchange policies", querystring: exchangePolicyListQuery, response: { 200: listResponse(policySchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const server = (search: string) => ({ OR: [{ name: { contains: search, mode: "insensitive" as const } }, { resourceUri: { contains: search, mode: "insensitive" as const } }] });
    const where = {
      AND: [
        q.serverId ? { OR: [{ sourceServerId: q.serverId }, { targetServerId: q.serverId }] } : {},
        q.q ? { OR: [{ sourceServer: server(q.q) }, { targetServer: server(q.q) }] } : {},
      ],
    };
    const [rows, total] = await Promise.all([
      prisma.exchangePolicy.findMany({ where, include: policyInclude, orderBy: { createdAt: "desc" }, ...skipTake(q) }),
      prisma.exchangePolicy.count({ where }),
    ]);
    return page(rows.map(policyDto), total, q);
  });

  r.post("/exchange-policies", {
    schema: { tags: ["delegation"], summary: "Let an MCP server exchange users' tokens for a downstream server", body: exchangePolicyCreate, response: { 201: policySchema, ...errorResponses } },
  }, async (request, reply) => {
    const { sourceServerId, targetServerId, scopeIds } = request.body;
    const created = await adminChange(deps, request, "exchange_policy.created", async (tx) => {
      if (sourceServerId === targetServerId) throw invalid("targetServerId", "must differ from the source server");
      if (!(await tx.mcpServer.findUnique({ where: { id: sourceServerId } }))) throw invalid("sourceServerId", "no such MCP server");
      if (!(await tx.mcpServer.findUnique({ where: { id: targetServerId } }))) throw invalid("targetServerId", "no such MCP server");
      if (await tx.exchangePolicy.findUnique({ where: { sourceServerId_targetServerId: { sourceServerId, targetServerId } } })) throw conflict("this pair already has a policy");
      await checkTargetScopes(tx, targetServerId, scopeIds);
      const row = await tx.exchangePolicy.create({
        data: { sourceServerId, targetServerId, scopes: { create: [...new Set(scopeIds)].map((scopeId) => ({ scopeId })) } },
        include: policyInclude,
      });
      const result = policyDto(row);
      return { result, target: row.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.put("/exchange-policies/:id", {
    schema: { tags: ["delegation"], summary: "Change which downstream scopes an exchange may grant", params: idParams, body: exchangePolicyUpdate, response: { 200: policySchema, ...errorResponses } },
  }, async (request) => adminChange(deps, request, "exchange_policy.updated", async (tx) => {
    const before = await tx.exchangePolicy.findUnique({ where: { id: request.params.id }, include: policyInclude });
    if (!before) throw notFound("exchange policy");
    await checkTargetScopes(tx, before.targetServerId, request.body.scopeIds);
    await tx.exchangePolicyScope.deleteMany({ where: { policyId: before.id } });
    await tx.exchangePolicyScope.createMany({ data: [...new Set(request.body.scopeIds)].map((scopeId) => ({ policyId: before.id, scopeId })) });
    if (before.scopes.some((s) => !request.body.scopeIds.includes(s.scope.id))) await revokeExchangedTokens(tx, before, "exchange policy narrowed");
    const after = policyDto((await tx.exchangePolicy.findUnique({ where: { id: before.id }, include: policyInclude }))!);
    return { result: after, target: before.id, before: policyDto(before), after };
  }));

  r.delete("/exchange-policies/:id", {
    schema: { tags: ["delegation"], summary: "Remove an exchange policy", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await adminChange(deps, request, "exchange_policy.deleted", async (tx) => {
      const before = await tx.exchangePolicy.findUnique({ where: { id: request.params.id }, include: policyInclude });
      if (!before) throw notFound("exchange policy");
      await tx.exchangePolicy.delete({ where: { id: before.id } });
      await revokeExchangedTokens(tx, before, "exchange policy removed");
      return { result: null, target: before.id, before: policyDto(before) };
    });
    return reply.code(204).send(null);
  });

  r.get("/delegations", {
    schema: { tags: ["delegation"], summary: "User → agent delegations", querystring: delegationListQuery, response: { 200: listResponse(delegationSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.userId ? { userId: q.userId } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(q.q ? {
        OR: [
          { user: { email: { contains: q.q, mode: "insensitive" as const } } },
          { agent: { name: { contains: q.q, mode: "insensitive" as const } } },
          { agentId: { contains: q.q, mode: "insensitive" as const } },
        ],
      } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.delegation.findMany({ where, include: delegationInclude, orderBy: { createdAt: "desc" }, ...skipTake(q) }),
      prisma.delegation.count({ where }),
    ]);
    return page(rows.map(delegationDto), total, q);
  });

  r.post("/delegations", {
    schema: { tags: ["delegation"], summary: "Let an agent act on a user's behalf", body: delegationCreate, response: { 201: delegationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { userId, agentId, scopes, expiresAt } = request.body;
    const created = await adminChange(deps, request, "delegation.created", async (tx) => {
      if (!(await tx.user.findUnique({ where: { id: userId } }))) throw invalid("userId", "no such user");
      const agent = await tx.client.findUnique({ where: { id: agentId } });
      if (agent?.kind !== "agent") throw invalid("agentId", "must be an agent client");
      if (await tx.delegation.findUnique({ where: { userId_agentId: { userId, agentId } } })) throw conflict("this user already delegated to this agent");
      const row = await tx.delegation.create({ data: { userId, agentId, scopes, expiresAt: expiresAt ? new Date(expiresAt) : null }, include: delegationInclude });
      const result = delegationDto(row);
      return { result, target: row.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.patch("/delegations/:id", {
    schema: {
      tags: ["delegation"], summary: "Change a delegation's scopes or expiry (narrowing revokes the tokens it produced)",
      params: idParams, body: delegationUpdate, response: { 200: delegationSchema, ...errorResponses },
    },
  }, async (request) => adminChange(deps, request, "delegation.updated", async (tx) => {
    const before = await tx.delegation.findUnique({ where: { id: request.params.id }, include: delegationInclude });
    if (!before) throw notFound("delegation");
    const { scopes, expiresAt } = request.body;
    const row = await tx.delegation.update({
      where: { id: before.id },
      data: { ...(scopes !== undefined ? { scopes: [...new Set(scopes)] } : {}), ...(expiresAt !== undefined ? { expiresAt: expiresAt ? new Date(expiresAt) : null } : {}) },
      include: delegationInclude,
    });
    if (delegationNarrowed(before, row)) {
      await deps.revocations.revoke({ clientId: before.agentId, subject: before.userId }, "delegation narrowed", { tx });
    }
    const after = delegationDto(row);
    return { result: after, target: before.id, before: delegationDto(before), after };
  }));

  r.delete("/delegations/:id", {
    schema: { tags: ["delegation"], summary: "End a delegation (tokens it produced are revoked)", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await adminChange(deps, request, "delegation.deleted", async (tx) => {
      const before = await tx.delegation.findUnique({ where: { id: request.params.id }, include: delegationInclude });
      if (!before) throw notFound("delegation");
      await tx.delegation.delete({ where: { id: before.id } });
      await deps.revocations.revoke({ clientId: before.agentId, subject: before.userId }, "delegation ended", { tx });
      return { result: null, target: before.id, before: delegationDto(before) };
    });
    return reply.code(204).send(null);
  });
}

/**
 * Whether tokens already issued under the delegation may now exceed it: a scope was removed (an
 * empty list means "everything both may have", so going from empty to a list narrows), or the
 * delegation now ends before a token issued just now could expire.
 */
function delegationNarrowed(before: Pick<Db.Delegation, "scopes" | "expiresAt">, after: Pick<Db.Delegation, "scopes" | "expiresAt">, now = Date.now()): boolean {
  const scopesNarrowed = after.scopes.length > 0 && (before.scopes.length === 0 || before.scopes.some((s) => !after.scopes.includes(s)));
  const endsEarlier = after.expiresAt !== null && (before.expiresAt === null || after.expiresAt < before.expiresAt);
  return scopesNarrowed || (endsEarlier && after.expiresAt!.getTime() < now + MAX_ACCESS_TOKEN_TTL * 1000);
}
