import { z } from "zod";
import { timestamp } from "./common.js";

export const MAX_INGEST_BATCH = 500;

const identifier = z.string().min(1).max(2048);

/** One tool call decision, as an MCP server (or the SDK) reports it. */
export const toolCallEvent = z.strictObject({
  time: timestamp,
  type: z.literal("tool.call"),
  decision: z.enum(["allow", "deny"]),
  tool: z.string().min(1).max(128),
  resource: identifier,
  subject: identifier.optional(),
  actor_chain: z.array(identifier).max(10).default([]),
  client_id: identifier.optional(),
  scopes: z.array(z.string().max(100)).max(100).default([]),
  reason: z.string().max(1000).optional(),
  duration_ms: z.number().nonnegative().max(86_400_000).optional(),
  request_id: z.string().max(200).optional(),
  token_id: z.string().max(200).optional(),
});
export type ToolCallEvent = z.input<typeof toolCallEvent>;

export const auditIngest = z.strictObject({
  events: z.array(toolCallEvent).min(1).max(MAX_INGEST_BATCH),
});

export const auditIngestResult = z.object({ accepted: z.number().int() });

export const auditEvent = z.object({
  id: z.string(),
  time: timestamp,
  type: z.string(),
  decision: z.enum(["allow", "deny"]).nullable(),
  subject: z.string().nullable(),
  actorChain: z.array(z.string()),
  clientId: z.string().nullable(),
  resource: z.string().nullable(),
  tool: z.string().nullable(),
  scopes: z.array(z.string()),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  reporterId: z.string().nullable(),
  details: z.unknown().nullable(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

const cursor = z.string().regex(/^\d{1,19}$/, "must be a cursor from a previous page");

export const auditFilter = z.strictObject({
  from: timestamp.optional(),
  to: timestamp.optional(),
  type: z.string().max(100).optional().describe("Exact type, or a prefix ending in '.' or '*' (e.g. token.*)."),
  subject: z.string().max(2048).optional(),
  clientId: z.string().max(2048).optional(),
  resource: z.string().max(2048).optional(),
  tool: z.string().max(128).optional(),
  decision: z.enum(["allow", "deny"]).optional(),
  target: z.string().max(2048).optional().describe("Admin changes to this record (id of the server, client, user… changed)."),
});

export const auditQuery = auditFilter.extend({
  cursor: cursor.optional().describe("Older than this event (pages go newest first)."),
  after: cursor.optional().describe("Newer than this event, oldest first (live tail)."),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.input<typeof auditQuery>;

export const auditPage = z.object({
  items: z.array(auditEvent),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null at the end."),
});

export const auditEventParams = z.strictObject({ id: cursor });

export const adminIdentity = z.object({
  subject: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable().describe("Null for automation clients"),
});
export type AdminIdentity = z.infer<typeof adminIdentity>;

export const auditStatsQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(14),
});

const perDay = z.array(z.object({ day: z.string(), count: z.number().int() }));

export const auditAlert = z.object({
  kind: z.enum(["repeated_failures", "denial_spike", "registration_surge"]),
  severity: z.enum(["warning", "critical"]),
  message: z.string(),
  subject: z.string().nullable(),
  count: z.number().int(),
});

export const auditStats = z.object({
  tokensIssuedPerDay: perDay,
  tokensRefusedPerDay: perDay,
  registrationsPerDay: perDay,
  denialsByTool: z.array(z.object({ tool: z.string(), resource: z.string().nullable(), count: z.number().int() })),
  topClients: z.array(z.object({ clientId: z.string(), count: z.number().int() })),
  alerts: z.array(auditAlert),
});
export type AuditStats = z.infer<typeof auditStats>;
