import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { listResponse, role as roleSchema, roleCreate, roleListQuery, roleUpdate } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { conflict, invalid, notFound, ProductError } from "../errors/product-error.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { roleDto } from "./dto.js";
import { DEFAULT_ROLE_SETTING } from "../domain/default-roles.js";
import { audiencesOfScopes, holdersOfRole, revokeNarrowedAccess } from "../revocation/access-narrowing.js";

const roleInclude = {
  scopes: { include: { scope: { include: { server: { select: { name: true, resourceUri: true } } } } } },
  _count: { select: { clients: true, users: true } },
} as const;

/**
 * Roles: named bundles of scopes, possibly across servers, bound to clients and users. The scope
 * decision reads roles at every issuance; a change that takes scopes away also revokes the
 * holders' tokens already issued (revocation/access-narrowing.ts).
 */
export async function rolesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  async function load(db: Tx | AppDeps["prisma"], id: string) {
    const row = await db.role.findUnique({ where: { id }, include: roleInclude });
    if (!row) throw notFound("role");
    return roleDto(row);
  }

  async function checkScopes(tx: Tx, scopeIds: string[]) {
    const found = await tx.scope.count({ where: { id: { in: scopeIds } } });
    if (found !== new Set(scopeIds).size) throw invalid("scopeIds", "contains unknown scopes");
  }

  r.get("/roles", {
    schema: { tags: ["roles"], summary: "List roles", querystring: roleListQuery, response: { 200: listResponse(roleSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.q ? { name: { contains: q.q, mode: "insensitive" as const } } : {}),
      ...(q.serverId ? { scopes: { some: { scope: { serverId: q.serverId } } } } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.role.findMany({ where, include: roleInclude, orderBy: { name: "asc" }, ...skipTake(q) }),
      prisma.role.count({ where }),
    ]);
    return page(rows.map(roleDto), total, q);
  });

  r.post("/roles", {
    schema: { tags: ["roles"], summary: "Create a role", body: roleCreate, response: { 201: roleSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { scopeIds, ...data } = request.body;
    const created = await adminChange(deps, request, "role.created", async (tx) => {
      if (await tx.role.findUnique({ where: { name: data.name } })) throw conflict(`a role named ${data.name} already exists`, { field: "name" });
      await checkScopes(tx, scopeIds);
      const row = await tx.role.create({ data: { ...data, scopes: { create: [...new Set(scopeIds)].map((scopeId) => ({ scopeId })) } } });
      const result = await load(tx, row.id);
      return { result, target: row.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.get("/roles/:id", {
    schema: { tags: ["roles"], summary: "A role with its scopes", params: idParams, response: { 200: roleSchema, ...errorResponses } },
  }, async (request) => load(prisma, request.params.id));

  r.patch("/roles/:id", {
    schema: { tags: ["roles"], summary: "Change a role (its scopes apply to the next token)", params: idParams, body: roleUpdate, response: { 200: roleSchema, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, scopeIds, ...changes } = request.body;
    return adminChange(deps, request, "role.updated", async (tx) => {
      const before = await load(tx, id);
      if (before.builtIn && (changes.name !== undefined || scopeIds !== undefined)) {
        throw new ProductError(403, "resource.built_in", "the built-in admin role keeps its name and scopes");
      }
      if (changes.name && changes.name !== before.name && (await tx.role.findUnique({ where: { name: changes.name } }))) {
        throw conflict(`a role named ${changes.name} already exists`, { field: "name" });
      }
      await updateVersioned(
        () => tx.role.findUnique({ where: { id } }),
        () => tx.role.updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } }),
        "role",
      );
      if (scopeIds) {
        await checkScopes(tx, scopeIds);
        const removed = (await tx.roleScope.findMany({ where: { roleId: id, scopeId: { notIn: scopeIds } }, select: { scopeId: true } })).map((r) => r.scopeId);
        await revokeNarrowedAccess(tx, deps.revocations, await holdersOfRole(tx, id), await audiencesOfScopes(tx, removed), "scope removed from a role");
        await tx.roleScope.deleteMany({ where: { roleId: id } });
        await tx.roleScope.createMany({ data: [...new Set(scopeIds)].map((scopeId) => ({ roleId: id, scopeId })) });
      }
      const after = await load(tx, id);
      return { result: after, target: id, before, after };
    });
  });

  r.delete("/roles/:id", {
    schema: { tags: ["roles"], summary: "Delete a role (unbinds it from clients and users)", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "role.deleted", async (tx) => {
      const before = await load(tx, id);
      if (before.builtIn) throw new ProductError(403, "resource.built_in", "the built-in admin role cannot be deleted");
      const scopeIds = (await tx.roleScope.findMany({ where: { roleId: id }, select: { scopeId: true } })).map((r) => r.scopeId);
      await revokeNarrowedAccess(tx, deps.revocations, await holdersOfRole(tx, id), await audiencesOfScopes(tx, scopeIds), "role deleted");
      await tx.mcpServer.updateMany({ where: { defaultRoleId: id }, data: { defaultRoleId: null } });
      await tx.setting.deleteMany({ where: { key: DEFAULT_ROLE_SETTING, value: { equals: id } } });
      await tx.role.delete({ where: { id } });
      return { result: null, target: id, before };
    });
    return reply.code(204).send(null);
  });
}
