import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { errorBody, resourceMetadata, type ResourceMetadata } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { notFound } from "../errors/product-error.js";
import { typed } from "../admin/admin-route.js";
import { resourceCandidates } from "../domain/resource-lookup.js";
import { adminApiResource, ADMIN_SCOPE } from "../domain/built-ins.js";

/**
 * Public metadata of each protected resource: what its Protected Resource Metadata (RFC 9728)
 * should advertise and which scope each tool requires, for the SDK to serve and enforce. Nothing
 * here is secret — it is what any connected client learns from the MCP server itself.
 */
export async function resourcesRoutes(app: FastifyInstance, { prisma, config }: AppDeps): Promise<void> {
  const r = typed(app);

  async function metadataFor(where: { id: string } | { resourceUri: { in: string[] } }): Promise<ResourceMetadata> {
    const srv = await prisma.mcpServer.findFirst({
      where,
      include: { scopes: { orderBy: { name: "asc" } }, tools: { include: { scope: { select: { name: true } } }, orderBy: { name: "asc" } } },
    });
    if (!srv) throw notFound("protected resource");
    return {
      resource: srv.resourceUri,
      authorization_servers: [config.issuer],
      scopes_supported: srv.scopes.map((s) => s.name),
      bearer_methods_supported: ["header"],
      resource_name: srv.name,
      tools: srv.tools.map((t) => ({
        name: t.name,
        scope: t.scope.name,
        read_only: t.readOnly,
        input_schema: (t.inputSchema as Record<string, unknown> | null) ?? null,
      })),
    };
  }

  const cache = { "cache-control": "public, max-age=30" };

  r.get(`${config.basePath}/api/resources/:id/metadata`, {
    schema: { tags: ["resources"], summary: "Metadata of a protected resource, by id", params: z.strictObject({ id: z.uuid() }), response: { 200: resourceMetadata, 404: errorBody } },
  }, async (request, reply) => reply.headers(cache).send(await metadataFor({ id: request.params.id })));

  r.get(`${config.basePath}/api/resources/metadata`, {
    schema: {
      tags: ["resources"], summary: "Metadata of a protected resource, by resource URI",
      querystring: z.strictObject({ resource: z.string().min(1).max(2048) }), response: { 200: resourceMetadata, 404: errorBody },
    },
  }, async (request, reply) => reply.headers(cache).send(await metadataFor({ resourceUri: { in: resourceCandidates(request.query.resource) } })));

  // The admin API's own Protected Resource Metadata, at the path-inserted well-known URL.
  const adminResource = adminApiResource(config.issuer);
  r.get(`/.well-known/oauth-protected-resource${new URL(adminResource).pathname}`, async (_request, reply) =>
    reply.headers(cache).send({
      resource: adminResource,
      authorization_servers: [config.issuer],
      scopes_supported: [ADMIN_SCOPE],
      bearer_methods_supported: ["header"],
      resource_name: "Toolgate admin API",
    }));
}
