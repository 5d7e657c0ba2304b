import { z } from "zod";

/**
 * What an MCP server (or the SDK on its behalf) needs to serve its Protected Resource Metadata
 * (RFC 9728) and enforce per-tool scopes: the PRM fields, plus the tool → scope map.
 */
export const resourceMetadata = z.object({
  resource: z.string(),
  authorization_servers: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  bearer_methods_supported: z.array(z.string()),
  resource_name: z.string(),
  tools: z.array(z.object({
    name: z.string(),
    scope: z.string(),
    read_only: z.boolean(),
    input_schema: z.record(z.string(), z.unknown()).nullable(),
  })),
});
export type ResourceMetadata = z.infer<typeof resourceMetadata>;
