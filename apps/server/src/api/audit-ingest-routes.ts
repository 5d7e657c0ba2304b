import type { FastifyInstance } from "fastify";
import { auditIngest, errorBody, auditIngestResult, MAX_INGEST_BATCH } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { ProductError } from "../errors/product-error.js";
import { resourceServerAuthentication } from "./resource-server-auth.js";
import { typed } from "../admin/admin-route.js";
import { toolLabel } from "../metrics/metric-labels.js";
import { isStorableText } from "../db/batch-isolation.js";

/** `events.<i>.<field>` of every text PostgreSQL cannot store (NUL, an unpaired surrogate). */
function unstorableFields(events: Record<string, unknown>[]): string[] {
  const paths: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (!isStorableText(value)) paths.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}.${i}`));
    }
  };
  events.forEach((event, i) => {
    for (const [field, value] of Object.entries(event)) visit(value, `events.${i}.${field}`);
  });
  return paths;
}

/**
 * Tool-call decisions reported by MCP servers, in batches (docs/resource-server-api.md). A batch
 * is stored whole or not at all: one malformed event (400, also for text PostgreSQL cannot
 * store, named in `fields` so the reporter can drop just that event), one event about another
 * server's resource (403), or a batch too large (413) stores nothing.
 */
export async function auditIngestRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config, prisma, audit, metrics } = deps;
  resourceServerAuthentication(app, deps);
  typed(app).post(`${config.basePath}/api/audit/events`, {
    bodyLimit: 1024 * 1024,
    // A batch of too many events is too large (413), not malformed: checked before the schema's 400.
    preValidation: async (request) => {
      const events = (request.body as { events?: unknown } | undefined)?.events;
      if (Array.isArray(events) && events.length > MAX_INGEST_BATCH) {
        throw new ProductError(413, "request.too_large", `at most ${MAX_INGEST_BATCH} events per batch; send the rest in another`);
      }
    },
    schema: {
      tags: ["audit"], summary: "Report tool-call decisions (MCP server client credentials, HTTP Basic)",
      security: [{ basic: [] }],
      body: auditIngest, response: { 202: auditIngestResult, 400: errorBody, 401: errorBody, 403: errorBody, 413: errorBody },
    },
  }, async (request, reply) => {
    const { resourceUri, clientId, serverId } = request.resourceServer;
    const { events } = request.body;
    const unstorable = unstorableFields(events as Record<string, unknown>[]);
    if (unstorable.length) {
      throw new ProductError(400, "validation.failed", `${unstorable[0]}: contains a NUL character or an unpaired surrogate`, {
        fields: unstorable.map((path) => ({ path, message: "contains a NUL character or an unpaired surrogate" })),
      });
    }
    const foreign = events.findIndex((e) => e.resource !== resourceUri);
    if (foreign >= 0) {
      throw new ProductError(403, "auth.forbidden", `events[${foreign}].resource: this client reports for ${resourceUri} only`, {
        fields: [{ path: `events.${foreign}.resource`, message: `must be ${resourceUri}` }],
      });
    }
    const registered = await prisma.$transaction(async (tx) => {
      for (const e of events) {
        await audit.inTransaction(tx, {
          time: new Date(e.time),
          type: e.type,
          decision: e.decision,
          tool: e.tool,
          resource: e.resource,
          subject: e.subject,
          actorChain: e.actor_chain,
          clientId: e.client_id,
          scopes: e.scopes,
          reason: e.reason,
          requestId: e.request_id,
          reporterId: clientId,
          details: { durationMs: e.duration_ms, tokenId: e.token_id },
        });
      }
      const tools = await tx.tool.findMany({ where: { serverId, name: { in: [...new Set(events.map((e) => e.tool))] } }, select: { name: true } });
      return new Set(tools.map((t) => t.name));
    });
    // Tool names are the reporter's to choose: a name the server did not register would be a new
    // series per name, so those share one label. The resource is this server's registered URI.
    for (const e of events) metrics.toolCalls.inc({ resource: resourceUri, tool: toolLabel(registered, e.tool), decision: e.decision });
    return reply.code(202).send({ accepted: events.length });
  });
}
