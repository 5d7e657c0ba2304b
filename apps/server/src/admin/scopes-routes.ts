import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { listResponse, scope as scopeSchema, scopeCreate, scopeListQuery, scopeUpdate } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { conflict, inUse, notFound, ProductError } from "../errors/product-error.js";
import { adminChange, updateVersioned } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { scopeDto } from "./dto.js";
import { ADMIN_SCOPE } from "../domain/built-ins.js";

/** Scopes of an MCP server. Several tools may share one: a tool group. */
export async function scopesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  r.get("/servers/:id/scopes", {
    schema: {
      tags: ["scopes"], summary: "Scopes of an MCP server, by name", params: idParams, querystring: scopeListQuery,
      response: { 200: listResponse(scopeSchema), ...errorResponses },
    },
  }, async (request) => {
    const serverId = request.params.id;
    const q = request.query;
    if (!(await prisma.mcpServer.findUnique({ where: { id: serverId }, select: { id: true } }))) throw notFound("MCP server");
    const where = { serverId, ...(q.q ? { name: { contains: q.q, mode: "insensitive" as const } } : {}) };
    const [rows, total] = await Promise.all([
      prisma.scope.findMany({ where, orderBy: { name: "asc" }, ...skipTake(q) }),
      prisma.scope.count({ where }),
    ]);
    return page(rows.map(scopeDto), total, q);
  });

  r.post("/servers/:id/scopes", {
    schema: { tags: ["scopes"], summary: "Add a scope to an MCP server", params: idParams, body: scopeCreate, response: { 201: scopeSchema, ...errorResponses } },
  }, async (request, reply) => {
    const serverId = request.params.id;
    const created = await adminChange(deps, request, "scope.created", async (tx) => {
      if (!(await tx.mcpServer.findUnique({ where: { id: serverId }, select: { id: true } }))) throw notFound("MCP server");
      if (await tx.scope.findUnique({ where: { serverId_name: { serverId, name: request.body.name } } })) {
        throw conflict(`this server already has a scope named ${request.body.name}`, { field: "name" });
      }
      const s = scopeDto(await tx.scope.create({ data: { serverId, ...request.body } }));
      return { result: s, target: s.id, after: s };
    });
    return reply.code(201).send(created);
  });

  r.get("/scopes/:id", {
    schema: { tags: ["scopes"], summary: "A scope", params: idParams, response: { 200: scopeSchema, ...errorResponses } },
  }, async (request) => {
    const s = await prisma.scope.findUnique({ where: { id: request.params.id } });
    if (!s) throw notFound("scope");
    return scopeDto(s);
  });

  r.patch("/scopes/:id", {
    schema: { tags: ["scopes"], summary: "Rename or describe a scope", params: idParams, body: scopeUpdate, response: { 200: scopeSchema, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, ...changes } = request.body;
    return adminChange(deps, request, "scope.updated", async (tx) => {
      const before = await tx.scope.findUnique({ where: { id } });
      if (!before) throw notFound("scope");
      if (before.name === ADMIN_SCOPE && changes.name && changes.name !== ADMIN_SCOPE) {
        throw new ProductError(403, "resource.built_in", `${ADMIN_SCOPE} is built in and keeps its name`);
      }
      if (changes.name && changes.name !== before.name && (await tx.scope.findUnique({ where: { serverId_name: { serverId: before.serverId, name: changes.name } } }))) {
        throw conflict(`this server already has a scope named ${changes.name}`, { field: "name" });
      }
      await updateVersioned(
        () => tx.scope.findUnique({ where: { id } }),
        () => tx.scope.updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } }),
        "scope",
      );
      const after = scopeDto((await tx.scope.findUnique({ where: { id } }))!);
      return { result: after, target: id, before: scopeDto(before), after };
    });
  });

  r.delete("/scopes/:id", {
    schema: { tags: ["scopes"], summary: "Delete a scope no tool or role uses", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "scope.deleted", async (tx) => {
      const s = await tx.scope.findUnique({
        where: { id },
        include: { tools: { select: { name: true } }, roles: { include: { role: { select: { name: true } } } }, server: { select: { builtIn: true } } },
      });
      if (!s) throw notFound("scope");
      if (s.server.builtIn && s.name === ADMIN_SCOPE) throw new ProductError(403, "resource.built_in", `${ADMIN_SCOPE} is built in`);
      if (s.tools.length || s.roles.length) {
        throw inUse(`scope ${s.name} is still used`, { tools: s.tools.map((t) => t.name), roles: s.roles.map((r) => r.role.name) });
      }
      await tx.exchangePolicyScope.deleteMany({ where: { scopeId: id } });
      await tx.scope.delete({ where: { id } });
      return { result: null, target: id, before: { name: s.name, serverId: s.serverId } };
    });
    return reply.code(204).send(null);
  });
}
