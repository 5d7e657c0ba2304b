import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { listResponse, tool as toolSchema, toolCreate, toolListQuery, toolUpdate } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { PrismaNamespace } from "../db/prisma.js";
import { jsonOrUndefined } from "../db/json.js";
import { conflict, invalid, notFound } from "../errors/product-error.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { toolDto } from "./dto.js";

const withScope = { scope: { select: { name: true } } } as const;

/** Tools of an MCP server, each behind the scope it requires. */
export async function toolsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  async function checkScope(tx: Tx, serverId: string, scopeId: string) {
    const scope = await tx.scope.findUnique({ where: { id: scopeId }, select: { serverId: true } });
    if (scope?.serverId !== serverId) throw invalid("scopeId", "must be a scope of the tool's server");
  }

  r.get("/servers/:id/tools", {
    schema: {
      tags: ["tools"], summary: "Tools of an MCP server, by name", params: idParams, querystring: toolListQuery,
      response: { 200: listResponse(toolSchema), ...errorResponses },
    },
  }, async (request) => {
    const serverId = request.params.id;
    const q = request.query;
    if (!(await prisma.mcpServer.findUnique({ where: { id: serverId }, select: { id: true } }))) throw notFound("MCP server");
    const where = {
      serverId,
      ...(q.scopeId ? { scopeId: q.scopeId } : {}),
      ...(q.readOnly !== undefined ? { readOnly: q.readOnly } : {}),
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" as const } }, { title: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.tool.findMany({ where, include: withScope, orderBy: { name: "asc" }, ...skipTake(q) }),
      prisma.tool.count({ where }),
    ]);
    return page(rows.map(toolDto), total, q);
  });

  r.post("/servers/:id/tools", {
    schema: { tags: ["tools"], summary: "Add a tool", params: idParams, body: toolCreate, response: { 201: toolSchema, ...errorResponses } },
  }, async (request, reply) => {
    const serverId = request.params.id;
    const body = request.body;
    const created = await adminChange(deps, request, "tool.created", async (tx) => {
      if (!(await tx.mcpServer.findUnique({ where: { id: serverId }, select: { id: true } }))) throw notFound("MCP server");
      await checkScope(tx, serverId, body.scopeId);
      if (await tx.tool.findUnique({ where: { serverId_name: { serverId, name: body.name } } })) {
        throw conflict(`this server already has a tool named ${body.name}`, { field: "name" });
      }
      const t = toolDto(await tx.tool.create({ data: { ...body, inputSchema: jsonOrUndefined(body.inputSchema), serverId }, include: withScope }));
      return { result: t, target: t.id, after: t };
    });
    return reply.code(201).send(created);
  });

  r.get("/tools/:id", {
    schema: { tags: ["tools"], summary: "A tool", params: idParams, response: { 200: toolSchema, ...errorResponses } },
  }, async (request) => {
    const t = await prisma.tool.findUnique({ where: { id: request.params.id }, include: withScope });
    if (!t) throw notFound("tool");
    return toolDto(t);
  });

  r.patch("/tools/:id", {
    schema: { tags: ["tools"], summary: "Change a tool (name, scope, read-only, schema)", params: idParams, body: toolUpdate, response: { 200: toolSchema, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, inputSchema, ...changes } = request.body;
    return adminChange(deps, request, "tool.updated", async (tx) => {
      const before = await tx.tool.findUnique({ where: { id }, include: withScope });
      if (!before) throw notFound("tool");
      if (changes.scopeId) await checkScope(tx, before.serverId, changes.scopeId);
      if (changes.name && changes.name !== before.name && (await tx.tool.findUnique({ where: { serverId_name: { serverId: before.serverId, name: changes.name } } }))) {
        throw conflict(`this server already has a tool named ${changes.name}`, { field: "name" });
      }
      const schemaChange = inputSchema === undefined ? {} : { inputSchema: inputSchema === null ? PrismaNamespace.DbNull : jsonOrUndefined(inputSchema) };
      await updateVersioned(
        () => tx.tool.findUnique({ where: { id } }),
        () => tx.tool.updateMany({ where: { id, version }, data: { ...changes, ...schemaChange, version: { increment: 1 } } }),
        "tool",
      );
      const after = toolDto((await tx.tool.findUnique({ where: { id }, include: withScope }))!);
      return { result: after, target: id, before: toolDto(before), after };
    });
  });

  r.delete("/tools/:id", {
    schema: { tags: ["tools"], summary: "Delete a tool", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "tool.deleted", async (tx) => {
      const t = await tx.tool.findUnique({ where: { id }, include: withScope });
      if (!t) throw notFound("tool");
      await tx.tool.delete({ where: { id } });
      return { result: null, target: id, before: toolDto(t) };
    });
    return reply.code(204).send(null);
  });
}
