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
