import { loginThrottle } from "../auth/login-throttle.js";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { listResponse, user as userSchema, userCreate, userListQuery, userUpdate } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { conflict, invalid, notFound, ProductError } from "../errors/product-error.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { userDto } from "./dto.js";
import { hashPassword } from "../auth/password.js";
import { revokeUserAccess } from "../domain/user-access.js";
import { audiencesOfRoles, revokeNarrowedAccess } from "../revocation/access-narrowing.js";
import { ADMIN_ROLE_NAME } from "../domain/built-ins.js";

const userInclude = {
  roles: { include: { role: { select: { id: true, name: true } } } },
  identities: { include: { provider: { select: { name: true } } } },
} as const;
const roleParams = z.strictObject({ id: z.uuid(), roleId: z.uuid() });

/** Users: who signs in, with which roles. Disabling or deleting one revokes their grants and tokens. */
export async function usersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma, revocations } = deps;
  const r = typed(app);

  async function load(db: Tx | AppDeps["prisma"], id: string) {
    const row = await db.user.findUnique({ where: { id }, include: userInclude });
    if (!row) throw notFound("user");
    return userDto(row);
  }

  async function checkRoles(tx: Tx, roleIds: string[]) {
    if ((await tx.role.count({ where: { id: { in: roleIds } } })) !== new Set(roleIds).size) throw invalid("roleIds", "contains unknown roles");
  }

  /** Refuses a change that would leave nobody able to administer Toolgate. */
  async function keepAnAdmin(tx: Tx) {
    const admins = await tx.user.count({ where: { status: "active", roles: { some: { role: { name: ADMIN_ROLE_NAME } } } } });
    if (admins === 0) throw new ProductError(409, "resource.conflict", "this would leave no active administrator");
  }

  r.get("/users", {
    schema: { tags: ["users"], summary: "List users", querystring: userListQuery, response: { 200: listResponse(userSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.roleId ? { roles: { some: { roleId: q.roleId } } } : {}),
      ...(q.q ? { OR: [{ email: { contains: q.q, mode: "insensitive" as const } }, { name: { contains: q.q, mode: "insensitive" as const } }, { username: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.user.findMany({ where, include: userInclude, orderBy: { email: "asc" }, ...skipTake(q) }),
      prisma.user.count({ where }),
    ]);
    return page(rows.map((u) => userDto(u)), total, q);
  });

  r.post("/users", {
    schema: { tags: ["users"], summary: "Create a user", body: userCreate, response: { 201: userSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { password, roleIds, ...data } = request.body;
    const passwordHash = password ? await hashPassword(password) : null;
    const created = await adminChange(deps, request, "user.created", async (tx) => {
      if (await tx.user.findUnique({ where: { email: data.email } })) throw conflict(`a user with email ${data.email} already exists`, { field: "email" });
      if (data.username && (await tx.user.findUnique({ where: { username: data.username } }))) throw conflict(`username ${data.username} is taken`, { field: "username" });
      await checkRoles(tx, roleIds);
      const row = await tx.user.create({ data: { ...data, passwordHash, roles: { create: [...new Set(roleIds)].map((roleId) => ({ roleId })) } } });
      const result = await load(tx, row.id);
      return { result, target: row.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.get("/users/:id", {
    schema: { tags: ["users"], summary: "A user", params: idParams, response: { 200: userSchema, ...errorResponses } },
  }, async (request) => load(prisma, request.params.id));

  r.patch("/users/:id", {
    schema: { tags: ["users"], summary: "Change a user; disabling revokes their grants and tokens", params: idParams, body: userUpdate, response: { 200: userSchema, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, password, roleIds, unlock, ...changes } = request.body;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return adminChange(deps, request, "user.updated", async (tx) => {
      const before = await load(tx, id);
      if (changes.email && changes.email !== before.email && (await tx.user.findUnique({ where: { email: changes.email } }))) {
        throw conflict(`a user with email ${changes.email} already exists`, { field: "email" });
      }
      if (changes.username && changes.username !== before.username && (await tx.user.findUnique({ where: { username: changes.username } }))) {
        throw conflict(`username ${changes.username} is taken`, { field: "username" });
      }
      await updateVersioned(
        () => tx.user.findUnique({ where: { id } }),
        () => tx.user.updateMany({
          where: { id, version },
          data: { ...changes, ...(passwordHash ? { passwordHash } : {}), ...(unlock ? { failedLogins: 0, lockedUntil: null } : {}), version: { increment: 1 } },
        }),
        "user",
      );
      if (unlock) loginThrottle.clear(id);
      if (roleIds) {
        await checkRoles(tx, roleIds);
        const removed = (await tx.userRole.findMany({ where: { userId: id, roleId: { notIn: roleIds } }, select: { roleId: true } })).map((r) => r.roleId);
        await revokeNarrowedAccess(tx, revocations, { userIds: [id] }, await audiencesOfRoles(tx, removed), "role removed from the user");
        await tx.userRole.deleteMany({ where: { userId: id } });
        await tx.userRole.createMany({ data: [...new Set(roleIds)].map((roleId) => ({ userId: id, roleId })) });
      }
      await keepAnAdmin(tx);
      if (changes.status === "disabled" && before.status !== "disabled") await revokeUserAccess(tx, revocations, id, "user disabled by an administrator");
      const after = await load(tx, id);
      // Passwords never enter the audit trail; that one changed does.
      return { result: after, target: id, before, after: { ...after, passwordChanged: !!password } };
    });
  });

  r.delete("/users/:id", {
    schema: { tags: ["users"], summary: "Delete a user and revoke their grants and tokens", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "user.deleted", async (tx) => {
      const before = await load(tx, id);
      await tx.user.delete({ where: { id } });
      await keepAnAdmin(tx);
      await revokeUserAccess(tx, revocations, id, "user deleted by an administrator");
      return { result: null, target: id, before };
    });
    return reply.code(204).send(null);
  });

  r.put("/users/:id/roles/:roleId", {
    schema: { tags: ["users"], summary: "Bind a role to a user", params: roleParams, response: { 200: userSchema, ...errorResponses } },
  }, async (request) => {
    const { id, roleId } = request.params;
    return adminChange(deps, request, "user.role_bound", async (tx) => {
      await load(tx, id);
      if (!(await tx.role.findUnique({ where: { id: roleId } }))) throw notFound("role");
      await tx.userRole.upsert({ where: { userId_roleId: { userId: id, roleId } }, create: { userId: id, roleId }, update: {} });
      await tx.user.update({ where: { id }, data: { version: { increment: 1 } } });
      const after = await load(tx, id);
      return { result: after, target: id, after: { roleId } };
    });
  });

  r.delete("/users/:id/roles/:roleId", {
    schema: { tags: ["users"], summary: "Unbind a role from a user", params: roleParams, response: { 200: userSchema, ...errorResponses } },
  }, async (request) => {
    const { id, roleId } = request.params;
    return adminChange(deps, request, "user.role_unbound", async (tx) => {
      await load(tx, id);
      if (await tx.userRole.findUnique({ where: { userId_roleId: { userId: id, roleId } } })) {
        await revokeNarrowedAccess(tx, revocations, { userIds: [id] }, await audiencesOfRoles(tx, [roleId]), "role removed from the user");
      }
      await tx.userRole.deleteMany({ where: { userId: id, roleId } });
      await tx.user.update({ where: { id }, data: { version: { increment: 1 } } });
      await keepAnAdmin(tx);
      const after = await load(tx, id);
      return { result: after, target: id, before: { roleId } };
    });
  });
}
