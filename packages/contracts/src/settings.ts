import { z } from "zod";
import { id } from "./common.js";

/** What the server's environment variables decide (read-only here; see the README). */
export const deploymentSettings = z.object({
  registration: z.enum(["open", "token", "off"]).describe("TOOLGATE_REGISTRATION: open, initial access token required, or off."),
  clientIdMetadataDocuments: z.boolean().describe("TOOLGATE_CIMD"),
  registrationsPerMinute: z.number().int().describe("TOOLGATE_DCR_RATE_LIMIT, per IP address"),
  dormantClientDays: z.number().int().describe("TOOLGATE_DCR_DORMANT_DAYS"),
  auditRetentionDays: z.number().int().describe("TOOLGATE_AUDIT_RETENTION_DAYS"),
  refreshTokenTtlSeconds: z.number().int().describe("TOOLGATE_REFRESH_TOKEN_TTL"),
  sessionTtlSeconds: z.number().int().describe("TOOLGATE_SESSION_TTL"),
});
export type DeploymentSettings = z.infer<typeof deploymentSettings>;

/** Server-wide settings: what admins change at run time, and what the deployment fixed. */
export const settings = z.object({
  registrationDefaultRoleId: id.nullable().describe("Role every self-registered (DCR/CIMD) client gets, besides each server's default role."),
  defaultResourceServerId: id.nullable().describe("MCP server a token request without `resource` is for when its scopes do not name exactly one server (docs/tokens.md)."),
  deployment: deploymentSettings,
});
export type Settings = z.infer<typeof settings>;

export const settingsUpdate = z.strictObject({
  registrationDefaultRoleId: id.nullable().optional(),
  defaultResourceServerId: id.nullable().optional(),
});
