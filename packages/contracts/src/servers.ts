import { z } from "zod";
import { description, displayName, id, listQuery, queryBoolean, resourceUri, scopeName, timestamp, toolName, version } from "./common.js";

export const scope = z.object({
  id,
  serverId: id,
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Scope = z.infer<typeof scope>;

export const scopeCreate = z.strictObject({
  name: scopeName,
  description: description.default(""),
});
export const scopeUpdate = z.strictObject({
  name: scopeName.optional(),
  description: description.optional(),
  version,
});

export const tool = z.object({
  id,
  serverId: id,
  name: z.string(),
  title: z.string(),
  description: z.string(),
  scopeId: id,
  scopeName: z.string(),
  readOnly: z.boolean(),
  inputSchema: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Tool = z.infer<typeof tool>;

/** A JSON Schema object, bounded (it is stored and served to resource servers). */
const inputSchema = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 64 * 1024, "must be at most 64 KiB of JSON");

export const toolCreate = z.strictObject({
  name: toolName,
  title: z.string().trim().max(200).default(""),
  description: description.default(""),
  scopeId: id,
  readOnly: z.boolean().default(false),
  inputSchema: inputSchema.nullable().default(null),
});
export const toolUpdate = z.strictObject({
  name: toolName.optional(),
  title: z.string().trim().max(200).optional(),
  description: description.optional(),
  scopeId: id.optional(),
  readOnly: z.boolean().optional(),
  inputSchema: inputSchema.nullable().optional(),
  version,
});

export const server = z.object({
  id,
  resourceUri: z.string(),
  name: z.string(),
  description: z.string(),
  accessTokenTtl: z.number().int(),
  defaultRoleId: id.nullable(),
  requireApproval: z.boolean(),
  builtIn: z.boolean(),
  clientId: z.string().nullable().describe("The OAuth client this MCP server authenticates as (audit ingest, revocation feed, token exchange)."),
  scopeCount: z.number().int(),
  toolCount: z.number().int(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Server = z.infer<typeof server>;

export const serverDetail = server.extend({
  scopes: z.array(scope),
  tools: z.array(tool),
});
export type ServerDetail = z.infer<typeof serverDetail>;

const ttl = z.number().int().min(60).max(86_400).describe("Access token lifetime in seconds (60 s – 24 h).");

export const serverCreate = z.strictObject({
  resourceUri,
  name: displayName,
  description: description.default(""),
  accessTokenTtl: ttl.default(300),
  defaultRoleId: id.nullable().default(null),
  requireApproval: z.boolean().default(false),
  scopes: z.array(scopeCreate).max(200).default([]),
});
export type ServerCreate = z.input<typeof serverCreate>;

export const serverUpdate = z.strictObject({
  resourceUri: resourceUri.optional(),
  name: displayName.optional(),
  description: description.optional(),
  accessTokenTtl: ttl.optional(),
  defaultRoleId: id.nullable().optional(),
  requireApproval: z.boolean().optional(),
  version,
});
export type ServerUpdate = z.input<typeof serverUpdate>;

export const serverListQuery = listQuery.extend({
  requireApproval: queryBoolean.optional().describe("Only servers whose self-registered clients need an administrator's approval (true), or only those that don't (false)."),
  hasDefaultRole: queryBoolean.optional().describe("Only servers with a default role for self-registered clients (true), or only those without (false)."),
});

/** A server's scopes: `q` searches their names. */
export const scopeListQuery = listQuery;

/** A server's tools: `q` searches names and titles. */
export const toolListQuery = listQuery.extend({
  scopeId: id.optional().describe("Only the tools behind this scope."),
  readOnly: queryBoolean.optional().describe("Only read-only tools (true), or only the others (false)."),
});

/**
 * Import from an MCP `tools/list` result: each tool is created or updated by name. Scopes:
 * `per-tool` makes `<prefix>:<tool>` for each tool; `read-write` puts tools annotated
 * readOnlyHint in `<prefix>:read` and the others in `<prefix>:write`; `single` uses `scopeId`.
 */
export const toolsImport = z.strictObject({
  result: z.object({
    tools: z.array(
      z.object({
        name: toolName,
        title: z.string().max(200).optional(),
        description: z.string().max(10_000).optional(),
        inputSchema: inputSchema.optional(),
        annotations: z.object({ readOnlyHint: z.boolean().optional(), title: z.string().optional() }).passthrough().optional(),
      }).passthrough(),
    ).max(500),
  }).passthrough(),
  scopeStrategy: z.enum(["per-tool", "read-write", "single"]).default("per-tool"),
  scopePrefix: z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/).max(60).optional(),
  scopeId: id.optional(),
});
export type ToolsImport = z.input<typeof toolsImport>;

export const toolsImportResult = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  scopesCreated: z.array(z.string()),
});

export const serverCredentials = z.object({
  clientId: z.string(),
  clientSecret: z.string().describe("Shown once; store it in the MCP server's configuration."),
});
