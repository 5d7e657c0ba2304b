import { z } from "zod";
import { description, id, listQuery, timestamp, version } from "./common.js";

const roleName = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, . _ - (starting with a letter or digit)");

export const roleScope = z.object({ id, name: z.string(), serverId: id, serverName: z.string(), resourceUri: z.string() });

export const role = z.object({
  id,
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  scopes: z.array(roleScope),
  clientCount: z.number().int(),
  userCount: z.number().int(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Role = z.infer<typeof role>;

export const roleCreate = z.strictObject({
  name: roleName,
  description: description.default(""),
  scopeIds: z.array(id).max(500).default([]),
});
export type RoleCreate = z.input<typeof roleCreate>;

export const roleUpdate = z.strictObject({
  name: roleName.optional(),
  description: description.optional(),
  scopeIds: z.array(id).max(500).optional(),
  version,
});

export const roleListQuery = listQuery.extend({ serverId: id.optional() });
