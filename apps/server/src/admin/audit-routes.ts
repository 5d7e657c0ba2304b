import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { auditEvent, auditEventParams, auditFilter, auditPage, auditQuery, auditStats, auditStatsQuery, type AuditEvent } from "@toolgate/contracts";
import { notFound } from "../errors/product-error.js";
import type { z } from "zod";
import type { AppDeps } from "../http/app-deps.js";
import type { AuditEvent as AuditRow } from "../generated/prisma/client.js";
import type { PrismaNamespace } from "../db/prisma.js";
import { errorResponses, typed } from "./admin-route.js";
import { computeAuditStats } from "../audit/audit-stats.js";

type Filter = z.output<typeof auditFilter>;

export function auditWhere(f: Filter): PrismaNamespace.AuditEventWhereInput {
  const prefix = f.type && (f.type.endsWith("*") || f.type.endsWith(".")) ? f.type.replace(/\*$/, "") : undefined;
  return {
    ...(f.from || f.to ? { time: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
    ...(f.type ? { type: prefix !== undefined ? { startsWith: prefix } : f.type } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
    ...(f.clientId ? { clientId: f.clientId } : {}),
    ...(f.resource ? { resource: f.resource } : {}),
    ...(f.tool ? { tool: f.tool } : {}),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(f.target ? { details: { path: ["target"], equals: f.target } } : {}),
  };
}

export function auditEventDto(e: AuditRow): AuditEvent {
  return {
    id: e.id.toString(),
    time: e.time.toISOString(),
    type: e.type,
    decision: e.decision === "allow" || e.decision === "deny" ? e.decision : null,
    subject: e.subject,
    actorChain: e.actorChain,
    clientId: e.clientId,
    resource: e.resource,
    tool: e.tool,
    scopes: e.scopes,
    reason: e.reason,
    ip: e.ip,
    requestId: e.requestId,
    reporterId: e.reporterId,
    details: e.details ?? null,
  };
}

/** The audit trail: filtered pages (newest first), a live tail, NDJSON export and dashboard stats. */
export async function auditRoutes(app: FastifyInstance, { prisma }: AppDeps): Promise<void> {
  const r = typed(app);

  r.get("/audit", {
    schema: { tags: ["audit"], summary: "Audit events, newest first (or oldest first after `after`, for a live tail)", querystring: auditQuery, response: { 200: auditPage, ...errorResponses } },
  }, async (request) => {
    const { cursor, after, limit, ...filter } = request.query;
    const where = auditWhere(filter);
    if (after !== undefined) {
      const rows = await prisma.auditEvent.findMany({ where: { ...where, id: { gt: BigInt(after) } }, orderBy: { id: "asc" }, take: limit });
      return { items: rows.map(auditEventDto), nextCursor: null };
    }
    const rows = await prisma.auditEvent.findMany({
      where: { ...where, ...(cursor !== undefined ? { id: { lt: BigInt(cursor) } } : {}) },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items: items.map(auditEventDto), nextCursor: rows.length > limit ? items[items.length - 1]!.id.toString() : null };
  });

  r.get("/audit/export", {
    schema: { tags: ["audit"], summary: "Every matching event as NDJSON (one JSON object per line), oldest first", querystring: auditFilter },
  }, async (request, reply) => {
    const where = auditWhere(request.query);
    async function* lines() {
      let last = -1n;
      for (;;) {
        const rows = await prisma.auditEvent.findMany({ where: { ...where, id: { gt: last } }, orderBy: { id: "asc" }, take: 1000 });
        for (const row of rows) yield `${JSON.stringify(auditEventDto(row))}\n`;
        if (rows.length < 1000) return;
        last = rows[rows.length - 1]!.id;
      }
    }
    return reply
      .type("application/x-ndjson")
      .header("content-disposition", `attachment; filename="toolgate-audit-${new Date().toISOString().slice(0, 10)}.ndjson"`)
      .send(Readable.from(lines()));
  });

  r.get("/audit/:id", {
    schema: { tags: ["audit"], summary: "One audit event", params: auditEventParams, response: { 200: auditEvent, ...errorResponses } },
  }, async (request) => {
    const row = await prisma.auditEvent.findUnique({ where: { id: BigInt(request.params.id) } });
    if (!row) throw notFound("audit event");
    return auditEventDto(row);
  });

  r.get("/audit/stats", {
    schema: { tags: ["audit"], summary: "Dashboard figures and alerts from the audit trail", querystring: auditStatsQuery, response: { 200: auditStats, ...errorResponses } },
  }, async (request) => computeAuditStats(prisma, request.query.days));
}
