import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  identityProvider as idpSchema, identityProviderCreate, identityProviderListQuery, identityProviderUpdate, listResponse, type IdentityProvider,
} from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import type * as Db from "../generated/prisma/client.js";
import { conflict, notFound } from "../errors/product-error.js";
import { adminChange, updateVersioned, type Tx } from "./admin-change.js";
import { errorResponses, idParams, page, skipTake, typed } from "./admin-route.js";

/** Upstream OpenID Connect providers users may sign in with. Client secrets are stored encrypted and never returned. */
export async function identityProvidersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma, federation } = deps;
  const r = typed(app);
  const include = { _count: { select: { identities: true } } } as const;

  const dto = (p: Db.IdentityProvider & { _count: { identities: number } }): IdentityProvider => ({
    id: p.id, slug: p.slug, name: p.name, issuer: p.issuer, clientId: p.clientId, hasClientSecret: !!p.clientSecretEnc, scopes: p.scopes,
    claimMapping: p.claimMapping as IdentityProvider["claimMapping"], enabled: p.enabled, redirectUri: federation.redirectUri,
    userCount: p._count.identities, version: p.version, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  });
  const load = async (db: Tx | AppDeps["prisma"], id: string) => {
    const row = await db.identityProvider.findUnique({ where: { id }, include });
    if (!row) throw notFound("identity provider");
    return dto(row);
  };

  r.get("/identity-providers", {
    schema: { tags: ["identity providers"], summary: "Upstream identity providers", querystring: identityProviderListQuery, response: { 200: listResponse(idpSchema), ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = {
      ...(q.enabled !== undefined ? { enabled: q.enabled } : {}),
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" as const } }, { issuer: { contains: q.q, mode: "insensitive" as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      prisma.identityProvider.findMany({ where, include, orderBy: { name: "asc" }, ...skipTake(q) }),
      prisma.identityProvider.count({ where }),
    ]);
    return page(rows.map(dto), total, q);
  });

  r.post("/identity-providers", {
    schema: { tags: ["identity providers"], summary: "Add an upstream OpenID Connect provider", body: identityProviderCreate, response: { 201: idpSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { clientSecret, ...data } = request.body;
    const created = await adminChange(deps, request, "identity_provider.created", async (tx) => {
      if (await tx.identityProvider.findUnique({ where: { slug: data.slug } })) throw conflict(`an identity provider with slug ${data.slug} exists`, { field: "slug" });
      const row = await tx.identityProvider.create({ data: { ...data, clientSecretEnc: clientSecret ? federation.sealClientSecret(clientSecret) : null } });
      const result = await load(tx, row.id);
      return { result, target: row.id, after: result };
    });
    return reply.code(201).send(created);
  });

  r.get("/identity-providers/:id", {
    schema: { tags: ["identity providers"], summary: "An identity provider", params: idParams, response: { 200: idpSchema, ...errorResponses } },
  }, async (request) => load(prisma, request.params.id));

  r.patch("/identity-providers/:id", {
    schema: { tags: ["identity providers"], summary: "Change an identity provider", params: idParams, body: identityProviderUpdate, response: { 200: idpSchema, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params;
    const { version, clientSecret, ...changes } = request.body;
    return adminChange(deps, request, "identity_provider.updated", async (tx) => {
      const before = await load(tx, id);
      const secret = clientSecret === undefined ? {} : { clientSecretEnc: clientSecret === null ? null : federation.sealClientSecret(clientSecret) };
      await updateVersioned(
        () => tx.identityProvider.findUnique({ where: { id } }),
        () => tx.identityProvider.updateMany({ where: { id, version }, data: { ...changes, ...secret, version: { increment: 1 } } }),
        "identity provider",
      );
      const after = await load(tx, id);
      return { result: after, target: id, before, after: { ...after, clientSecretChanged: clientSecret !== undefined } };
    });
  });

  r.delete("/identity-providers/:id", {
    schema: { tags: ["identity providers"], summary: "Remove an identity provider (users keep their accounts, without the link)", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params;
    await adminChange(deps, request, "identity_provider.deleted", async (tx) => {
      const before = await load(tx, id);
      await tx.signInRule.deleteMany({ where: { providerId: id } });
      await tx.identityProvider.delete({ where: { id } });
      return { result: null, target: id, before };
    });
    return reply.code(204).send(null);
  });
}
