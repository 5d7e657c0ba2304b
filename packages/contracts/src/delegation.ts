import { z } from "zod";
import { id, listQuery, timestamp } from "./common.js";

/** An MCP server (source) may exchange users' tokens for tokens to a downstream server (target). */
export const exchangePolicy = z.object({
  id,
  sourceServerId: id,
  sourceServerName: z.string(),
  targetServerId: id,
  targetServerName: z.string(),
  targetResourceUri: z.string(),
  scopes: z.array(z.object({ id, name: z.string() })).describe("Downstream scopes the exchange may grant"),
  createdAt: timestamp,
});
export type ExchangePolicy = z.infer<typeof exchangePolicy>;

export const exchangePolicyCreate = z.strictObject({
  sourceServerId: id,
  targetServerId: id,
  scopeIds: z.array(id).min(1).max(200).describe("Scopes of the target server"),
});
export const exchangePolicyUpdate = z.strictObject({ scopeIds: z.array(id).min(1).max(200) });
export const exchangePolicyListQuery = listQuery.extend({ serverId: id.optional() });

/** A user lets an agent act on their behalf (on-behalf-of token exchange). */
export const delegation = z.object({
  id,
  userId: id,
  userEmail: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  scopes: z.array(z.string()).describe("Scope names the agent may use for the user; empty = whatever both may have"),
  expiresAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Delegation = z.infer<typeof delegation>;

export const delegationCreate = z.strictObject({
  userId: id,
  agentId: z.string().min(1).max(2048),
  scopes: z.array(z.string().min(1).max(100)).max(200).default([]),
  expiresAt: timestamp.nullable().default(null),
});
export const delegationUpdate = z.strictObject({
  scopes: z.array(z.string().min(1).max(100)).max(200).optional(),
  expiresAt: timestamp.nullable().optional(),
});
export const delegationListQuery = listQuery.extend({ userId: id.optional(), agentId: z.string().max(2048).optional() });
