import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  server as serverSchema, serverCreate, serverDetail, serverListQuery, serverUpdate, listResponse,
  toolsImport, toolsImportResult, serverCredentials,
} from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError, conflict, inUse, invalid, notFound } from "../errors/product-error.js";
import { refuseAdministrativeDefaultRole } from "../domain/default-roles.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { scopeDto, serverDto, toolDto } from "./dto.js";
import { planToolsImport } from "./tools-import.js";
import { serverSlug } from "../domain/server-slug.js";
import { issueServerCredentials } from "../domain/server-credentials.js";
import { jsonOrUndefined } from "../db/json.js";

const counts = { _count: { select: { scopes: true, tools: true } } } as const;

/** MCP servers (protected resources): the token audiences Toolgate issues for. */
export async function serversRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma, revocations } = deps;
  const r = typed(app);

  async function detail(db: Tx | AppDeps["prisma"], id: string) {
    const s = await db.mcpServer.findUnique({
      where: { id },
      include: { ...counts, scopes: { orderBy: { name: "asc" } }, tools: { include: { scope: { select: { name: true } } }, orderBy: { name: "asc" } } },
    });
    if (!s) throw notFound("MCP server");
    return { ...serverDto(s), scopes: s.scopes.map(scopeDto), tools: s.tools.map(toolDto) };
  }

  async function checkRole(tx: Tx, roleId: string | null | undefined) {
    if (roleId && !(await tx.role.findUnique({ where: { id: roleId }, select: { id: true } }))) {
      throw invalid("defaultRoleId", "no such role");
    }
    if (roleId) await refuseAdministrativeDefaultRole(tx, roleId, "defaultRoleId");
  }

  r.get("/servers", {
    schema: { tags: ["servers"], summary: "List MCP servers", querystring: serverListQuery, response: { 200: listResponse(serverSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.requireApproval !== undefined ? { requireApproval: q.requireApproval } : {}),
      ...(q.hasDefaultRole !== undefined ? { defaultRoleId: q.hasDefaultRole ? { not: null } : null } : {}),
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" as const } }, { resourceUri: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.mcpServer.findMany({ where, include: counts, orderBy: [{ builtIn: "asc" }, { name: "asc" }], ...skipTake(q) }),
      prisma.mcpServer.count({ where }),
    ]);
    return page(rows.map(serverDto), total, q);
  });

  r.post("/servers", {
    schema: { tags: ["servers"], summary: "Register an MCP server", body: serverCreate, response: { 201: serverDetail, ...errorResponses } },
  }, async (request, reply) => {
    const body = request.body;
    const created = await adminChange(deps, request, "server.created", async (tx) => {
      await checkRole(tx, body.defaultRoleId);
      if (await tx.mcpServer.findUnique({ where: { resourceUri: body.resourceUri } })) {
        throw conflict(`an MCP server with resource URI ${body.resourceUri} already exists`, { field: "resourceUri" });
      }
      const names = body.scopes.map((s) => s.name);
      if (new Set(names).size !== names.length) throw invalid("scopes", "scope names must be unique");
      const s = await tx.mcpServer.create({
        data: {
          resourceUri: body.resourceUri, name: body.name, description: body.description, accessTokenTtl: body.accessTokenTtl,
          defaultRoleId: body.defaultRoleId, requireApproval: body.requireApproval,
          scopes: { create: body.scopes },
        },
      });
      const result = await detail(tx, s.id);
      return { result, target: s.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.get("/servers/:id", {
    schema: { tags: ["servers"], summary: "An MCP server with its scopes and tools", params: idParams, response: { 200: serverDetail, ...errorResponses } },
  }, async (request) => detail(prisma, request.params.id));

  r.patch("/servers/:id", {
    schema: { tags: ["servers"], summary: "Change an MCP server", params: idParams, body: serverUpdate, response: { 200: serverDetail, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, ...changes } = request.body;
    return adminChange(deps, request, "server.updated", async (tx) => {
      const before = await detail(tx, id);
      if (before.builtIn && (changes.resourceUri !== undefined || changes.name !== undefined)) {
        throw new ProductError(403, "resource.built_in", "the built-in admin API keeps its name and resource URI");
      }
      await checkRole(tx, changes.defaultRoleId);
      const oldResource = changes.resourceUri && changes.resourceUri !== before.resourceUri ? before.resourceUri : undefined;
      if (oldResource && (await tx.mcpServer.findUnique({ where: { resourceUri: changes.resourceUri! } }))) {
        throw conflict(`an MCP server with resource URI ${changes.resourceUri} already exists`, { field: "resourceUri" });
      }
      await updateVersioned(
        () => tx.mcpServer.findUnique({ where: { id } }),
        () => tx.mcpServer.updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } }),
        "MCP server",
      );
      // Tokens for the old audience must not outlive the rename.
      if (oldResource) await revocations.revoke({ audience: oldResource }, "MCP server resource URI changed", { tx });
      const after = await detail(tx, id);
      return { result: after, target: id, before, after };
    });
  });

  r.delete("/servers/:id", {
    schema: {
      tags: ["servers"], summary: "Delete an MCP server, its scopes and tools",
      params: idParams, querystring: z.strictObject({ force: z.enum(["true", "false"]).default("false") }),
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const force = request.query.force === "true";
    await adminChange(deps, request, "server.deleted", async (tx) => {
      const before = await detail(tx, id);
      if (before.builtIn) throw new ProductError(403, "resource.built_in", "the built-in admin API cannot be deleted");
      const bindings = await tx.roleScope.findMany({ where: { scope: { serverId: id } }, include: { role: { select: { name: true } }, scope: { select: { name: true } } } });
      if (bindings.length && !force) {
        throw inUse("roles still grant scopes of this server; remove them from the roles or delete with force=true", {
          roles: [...new Set(bindings.map((b) => b.role.name))],
          scopes: [...new Set(bindings.map((b) => b.scope.name))],
        });
      }
      await tx.roleScope.deleteMany({ where: { scope: { serverId: id } } });
      await tx.tool.deleteMany({ where: { serverId: id } });
      await tx.mcpServer.delete({ where: { id } });
      await revocations.revoke({ audience: before.resourceUri }, "MCP server deleted", { tx });
      return { result: null, target: id, before };
    });
    return reply.code(204).send(null);
  });

  r.post("/servers/:id/tools/import", {
    schema: {
      tags: ["servers"], summary: "Create or update tools from an MCP tools/list result",
      params: idParams, body: toolsImport, response: { 200: toolsImportResult, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params;
    const body = request.body;
    return adminChange(deps, request, "server.tools_imported", async (tx) => {
      const srv = await tx.mcpServer.findUnique({ where: { id } });
      if (!srv) throw notFound("MCP server");
      if (body.scopeStrategy === "single") {
        if (!body.scopeId) throw invalid("scopeId", "required with scopeStrategy single");
        const scope = await tx.scope.findUnique({ where: { id: body.scopeId } });
        if (scope?.serverId !== id) throw invalid("scopeId", "must be a scope of this server");
      }
      const plan = planToolsImport(body, serverSlug(srv.name));
      const names = plan.map((t) => t.name);
      if (new Set(names).size !== names.length) throw invalid("result.tools", "tool names must be unique");

      const scopesCreated: string[] = [];
      const scopeIds = new Map<string, string>();
      for (const name of new Set(plan.map((t) => t.scopeName).filter((n): n is string => !!n))) {
        const existing = await tx.scope.findUnique({ where: { serverId_name: { serverId: id, name } } });
        if (existing) {
          scopeIds.set(name, existing.id);
        } else {
          const created = await tx.scope.create({ data: { serverId: id, name, description: describeScope(name, plan) } });
          scopeIds.set(name, created.id);
          scopesCreated.push(name);
        }
      }
      const created: string[] = [];
      const updated: string[] = [];
      for (const t of plan) {
        const scopeId = t.scopeName ? scopeIds.get(t.scopeName)! : body.scopeId!;
        const data = { title: t.title, description: t.description, readOnly: t.readOnly, inputSchema: jsonOrUndefined(t.inputSchema), scopeId };
        const existing = await tx.tool.findUnique({ where: { serverId_name: { serverId: id, name: t.name } } });
        if (existing) {
          await tx.tool.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
          updated.push(t.name);
        } else {
          await tx.tool.create({ data: { ...data, serverId: id, name: t.name } });
          created.push(t.name);
        }
      }
      const result = { created, updated, scopesCreated };
      return { result, target: id, after: result };
    });
  });

  r.post("/servers/:id/credentials", {
    schema: {
      tags: ["servers"], summary: "Create or replace the MCP server's own client credentials (shown once)",
      description: "The MCP server authenticates with these to report tool calls, read the revocation feed and exchange tokens.",
      params: idParams, response: { 201: serverCredentials, ...errorResponses },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const credentials = await adminChange(deps, request, "server.credentials_issued", async (tx) => {
      const srv = await tx.mcpServer.findUnique({ where: { id } });
      if (!srv) throw notFound("MCP server");
      if (srv.builtIn) throw new ProductError(403, "resource.built_in", "the built-in admin API has no credentials of its own");
      const issued = await issueServerCredentials(tx, srv);
      // The old secret stops at once, and so does every token obtained with it (exchanges).
      if (issued.replaced) await revocations.revoke({ clientId: issued.clientId }, "MCP server credentials replaced", { tx });
      return { result: issued, target: id, after: { clientId: issued.clientId, ...(issued.replaced ? { secret: "replaced" } : {}) } };
    });
    return reply.code(201).send({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  });
}

function describeScope(name: string, plan: { name: string; scopeName: string | undefined; readOnly: boolean }[]): string {
  const tools = plan.filter((t) => t.scopeName === name).map((t) => t.name);
  return `Use ${tools.join(", ")}`.slice(0, 500);
}
