import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  allNativeRedirects, client as clientSchema, clientCreate, clientCreated, clientListQuery, clientUpdate, listResponse,
} from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { conflict, invalid, notFound, ProductError } from "../errors/product-error.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";
import { clientDto } from "./dto.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { revokeClientAccess } from "../domain/client-access.js";
import { blockRegistrationsLike } from "../domain/registration-blocks.js";
import { audiencesOfRoles, revokeNarrowedAccess } from "../revocation/access-narrowing.js";

export const clientInclude = {
  roles: { include: { role: { select: { id: true, name: true } } } },
  server: { select: { id: true } },
  approvals: { include: { server: { select: { name: true } } }, orderBy: { requestedAt: "asc" } },
} as const;
export const clientIdParams = z.strictObject({ id: z.string().min(1).max(2048) });

/** A client as the admin API shows it; 404 when there is none. */
export async function loadClient(db: Tx | AppDeps["prisma"], id: string) {
  const row = await db.client.findUnique({ where: { id }, include: clientInclude });
  if (!row) throw notFound("client");
  return clientDto(row);
}

/** oidc-provider's own validation of client metadata: one source of truth for what is valid. */
export async function validateClientMetadata(host: AppDeps["host"], metadata: Record<string, unknown>): Promise<void> {
  try {
    await host.provider.Client.validate(metadata as never);
  } catch (err) {
    const e = err as { error?: string; error_description?: string };
    if (e.error) throw new ProductError(400, "validation.failed", e.error_description ?? e.error, { fields: [{ path: "metadata", message: e.error_description ?? e.error }] });
    throw err;
  }
}

const roleParams = z.strictObject({ id: z.string().min(1).max(2048), roleId: z.uuid() });
/**
 * OAuth clients of every kind. Admins create applications and agents here (pre-registered, with a
 * fixed client_id if they like); DCR and CIMD clients arrive by themselves and are governed here.
 */
export async function clientsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma, revocations, host } = deps;
  const r = typed(app);


  async function checkRoles(tx: Tx, roleIds: string[]) {
    if ((await tx.role.count({ where: { id: { in: roleIds } } })) !== new Set(roleIds).size) throw invalid("roleIds", "contains unknown roles");
  }

  const load = loadClient;
  const validateMetadata = (metadata: Record<string, unknown>) => validateClientMetadata(host, metadata);

  r.get("/clients", {
    schema: { tags: ["clients"], summary: "List clients", querystring: clientListQuery, response: { 200: listResponse(clientSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.roleId ? { roles: { some: { roleId: q.roleId } } } : {}),
      ...(q.q ? { OR: [{ id: { contains: q.q, mode: "insensitive" as const } }, { name: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.client.findMany({ where, include: clientInclude, orderBy: { createdAt: "desc" }, ...skipTake(q) }),
      prisma.client.count({ where }),
    ]);
    return page(rows.map(clientDto), total, q);
  });

  r.post("/clients", {
    schema: { tags: ["clients"], summary: "Register an application or agent (a secret, if any, is shown once)", body: clientCreate, response: { 201: clientCreated, ...errorResponses } },
  }, async (request, reply) => {
    const body = request.body;
    const id = body.clientId ?? `tg_${randomBytes(12).toString("base64url")}`;
    const secret = body.authMethod.startsWith("client_secret") ? generateClientSecret() : undefined;
    const codeFlow = body.grantTypes.includes("authorization_code");
    const metadata: Record<string, unknown> = {
      client_name: body.name,
      redirect_uris: codeFlow ? body.redirectUris : [],
      grant_types: body.grantTypes,
      response_types: codeFlow ? ["code"] : [],
      token_endpoint_auth_method: body.authMethod,
      ...(codeFlow && allNativeRedirects(body.redirectUris) ? { application_type: "native" } : {}),
      ...(body.jwks ? { jwks: body.jwks } : {}),
      ...(body.jwksUri ? { jwks_uri: body.jwksUri } : {}),
      ...(body.logoUri ? { logo_uri: body.logoUri } : {}),
      ...(body.clientUri ? { client_uri: body.clientUri } : {}),
    };
    await validateMetadata({ ...metadata, client_id: id, ...(secret ? { client_secret: secret } : {}) });
    const created = await adminChange(deps, request, "client.created", async (tx) => {
      if (await tx.client.findUnique({ where: { id } })) throw conflict(`a client with id ${id} already exists`, { field: "clientId" });
      await checkRoles(tx, body.roleIds);
      await tx.client.create({
        data: {
          id, kind: body.kind, name: body.name, metadata: metadata as object, firstParty: body.firstParty,
          secretHash: secret ? hashClientSecret(secret) : null,
          roles: { create: [...new Set(body.roleIds)].map((roleId) => ({ roleId })) },
        },
      });
      const result = await load(tx, id);
      return { result, target: id, after: result };
    });
    return reply.code(201).send({ ...created, ...(secret ? { clientSecret: secret } : {}) });
  });

  r.get("/clients/:id", {
    schema: { tags: ["clients"], summary: "A client", params: clientIdParams, response: { 200: clientSchema, ...errorResponses } },
  }, async (request) => load(prisma, request.params.id));

  r.patch("/clients/:id", {
    schema: {
      tags: ["clients"], summary: "Change a client; disabling revokes every grant and token it holds",
      params: clientIdParams, body: clientUpdate, response: { 200: clientSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params;
    const { version, roleIds, status, name, firstParty, redirectUris, jwks, logoUri, clientUri } = request.body;
    return adminChange(deps, request, "client.updated", async (tx) => {
      const row = await tx.client.findUnique({ where: { id } });
      if (!row) throw notFound("client");
      const before = await load(tx, id);
      if (row.builtIn && status && status !== "active") throw new ProductError(403, "resource.built_in", "the console's client cannot be disabled");
      const metadata = { ...(row.metadata as Record<string, unknown>) };
      if (name !== undefined) metadata.client_name = name;
      if (redirectUris !== undefined) metadata.redirect_uris = redirectUris;
      if (jwks !== undefined) metadata.jwks = jwks;
      if (logoUri !== undefined) setOrDelete(metadata, "logo_uri", logoUri);
      if (clientUri !== undefined) setOrDelete(metadata, "client_uri", clientUri);
      if (redirectUris !== undefined || jwks !== undefined || logoUri !== undefined || clientUri !== undefined) {
        await validateMetadata({ ...metadata, client_id: id, ...(row.secretHash ? { client_secret: row.secretHash } : {}) });
      }
      await updateVersioned(
        () => tx.client.findUnique({ where: { id } }),
        () => tx.client.updateMany({
          where: { id, version },
          data: { metadata: metadata as object, ...(name !== undefined ? { name } : {}), ...(status ? { status } : {}), ...(firstParty !== undefined ? { firstParty } : {}), version: { increment: 1 } },
        }),
        "client",
      );
      if (roleIds) {
        await checkRoles(tx, roleIds);
        const removed = (await tx.clientRole.findMany({ where: { clientId: id, roleId: { notIn: roleIds } }, select: { roleId: true } })).map((r) => r.roleId);
        await revokeNarrowedAccess(tx, revocations, { clientIds: [id] }, await audiencesOfRoles(tx, removed), "role removed from the client");
        await tx.clientRole.deleteMany({ where: { clientId: id } });
        await tx.clientRole.createMany({ data: [...new Set(roleIds)].map((roleId) => ({ clientId: id, roleId })) });
      }
      if (status === "disabled" && row.status !== "disabled") {
        await revokeClientAccess(tx, revocations, id, "client disabled by an administrator");
        // A disabled self-registered client must not come back under a new client_id.
        await blockRegistrationsLike(tx, id);
      }
      const after = await load(tx, id);
      return { result: after, target: id, before, after };
    });
  });

  r.delete("/clients/:id", {
    schema: { tags: ["clients"], summary: "Delete a client and revoke everything it holds", params: clientIdParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "client.deleted", async (tx) => {
      const before = await load(tx, id);
      if (before.builtIn) throw new ProductError(403, "resource.built_in", "the console's client cannot be deleted");
      await tx.client.delete({ where: { id } });
      await revokeClientAccess(tx, revocations, id, "client deleted by an administrator");
      return { result: null, target: id, before };
    });
    return reply.code(204).send(null);
  });

  r.delete("/clients/:id/registration-block", {
    schema: {
      tags: ["clients"],
      summary: "Lift the block on new registrations of this self-registered client's software (set when it was disabled or denied)",
      params: clientIdParams, response: { 200: clientSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params;
    return adminChange(deps, request, "client.registration_unblocked", async (tx) => {
      const before = await load(tx, id);
      await tx.client.update({ where: { id }, data: { registrationBlocked: false, version: { increment: 1 } } });
      const after = await load(tx, id);
      return { result: after, target: id, before: { registrationBlocked: before.registrationBlocked }, after: { registrationBlocked: false } };
    });
  });

  r.put("/clients/:id/roles/:roleId", {
    schema: { tags: ["clients"], summary: "Bind a role to a client", params: roleParams, response: { 200: clientSchema, ...errorResponses } },
  }, async (request) => {
    const { id, roleId } = request.params;
    return adminChange(deps, request, "client.role_bound", async (tx) => {
      await load(tx, id);
      if (!(await tx.role.findUnique({ where: { id: roleId } }))) throw notFound("role");
      await tx.clientRole.upsert({ where: { clientId_roleId: { clientId: id, roleId } }, create: { clientId: id, roleId }, update: {} });
      await tx.client.update({ where: { id }, data: { version: { increment: 1 } } });
      const after = await load(tx, id);
      return { result: after, target: id, after: { roleId } };
    });
  });

  r.delete("/clients/:id/roles/:roleId", {
    schema: { tags: ["clients"], summary: "Unbind a role from a client", params: roleParams, response: { 200: clientSchema, ...errorResponses } },
  }, async (request) => {
    const { id, roleId } = request.params;
    return adminChange(deps, request, "client.role_unbound", async (tx) => {
      await load(tx, id);
      if (await tx.clientRole.findUnique({ where: { clientId_roleId: { clientId: id, roleId } } })) {
        await revokeNarrowedAccess(tx, revocations, { clientIds: [id] }, await audiencesOfRoles(tx, [roleId]), "role removed from the client");
      }
      await tx.clientRole.deleteMany({ where: { clientId: id, roleId } });
      await tx.client.update({ where: { id }, data: { version: { increment: 1 } } });
      const after = await load(tx, id);
      return { result: after, target: id, before: { roleId } };
    });
  });

}

function setOrDelete(metadata: Record<string, unknown>, key: string, value: string | null) {
  if (value === null) delete metadata[key];
  else metadata[key] = value;
}
