import { z } from "zod";
import { displayName, id, listQuery, timestamp, version } from "./common.js";
import { checkRedirectUri } from "./redirect-uri.js";

export const clientKind = z.enum(["application", "agent", "dcr", "cimd"]);
export const clientStatus = z.enum(["active", "pending", "disabled"]);
export const authMethod = z.enum(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]);

const redirectUri = z.string().superRefine((value, ctx) => {
  const problem = checkRedirectUri(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Pre-registered client ids (e.g. what you paste into Claude's "OAuth Client ID"). */
const clientIdValue = z.string().min(3).max(200).regex(/^[A-Za-z0-9._~:-]+$/, "letters, digits and . _ ~ : - only");

const publicJwk = z.object({ kty: z.string() }).passthrough().refine((k) => !("d" in k), "must be a public key (no private members)");
const jwks = z.object({ keys: z.array(publicJwk).min(1).max(10) });

export const client = z.object({
  id: z.string(),
  kind: clientKind,
  status: clientStatus,
  name: z.string(),
  authMethod,
  redirectUris: z.array(z.string()),
  grantTypes: z.array(z.string()),
  roles: z.array(z.object({ id, name: z.string() })),
  firstParty: z.boolean(),
  builtIn: z.boolean(),
  hasSecret: z.boolean(),
  jwks: jwks.nullable().describe("Public keys the client signs private_key_jwt assertions with (RFC 7523)."),
  jwksUri: z.string().nullable().describe("Where those keys are fetched from, instead of jwks."),
  secretRotatedAt: timestamp.nullable(),
  previousSecretExpiresAt: timestamp.nullable(),
  softwareId: z.string().nullable(),
  registrationBlocked: z.boolean().describe("Self-registered clients: new registrations of the same software are refused (set when an admin disabled or denied this client) until an admin lifts the block."),
  logoUri: z.string().nullable(),
  clientUri: z.string().nullable(),
  lastUsedAt: timestamp.nullable(),
  serverId: id.nullable().describe("Set when this client is an MCP server's own identity."),
  approvals: z.array(z.object({ serverId: id, serverName: z.string(), status: z.enum(["pending", "approved", "denied"]) })),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Client = z.infer<typeof client>;

export const clientCreate = z
  .strictObject({
    kind: z.enum(["application", "agent"]).default("application"),
    clientId: clientIdValue.optional().describe("Fixed client_id; generated when omitted."),
    name: displayName,
    authMethod: authMethod.default("none"),
    redirectUris: z.array(redirectUri).max(20).default([]),
    grantTypes: z.array(z.enum(["authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"])).min(1).default(["authorization_code", "refresh_token"]),
    jwks: jwks.optional(),
    jwksUri: z.url({ protocol: /^https$/ }).optional(),
    firstParty: z.boolean().default(false),
    roleIds: z.array(id).max(100).default([]),
    logoUri: z.url({ protocol: /^https$/ }).max(2048).optional(),
    clientUri: z.url({ protocol: /^https$/ }).max(2048).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.grantTypes.includes("authorization_code") && c.redirectUris.length === 0) {
      ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "at least one redirect URI is needed for the authorization code grant" });
    }
    if (c.grantTypes.includes("client_credentials") && c.authMethod === "none") {
      ctx.addIssue({ code: "custom", path: ["authMethod"], message: "client_credentials needs a confidential client (a secret or private_key_jwt)" });
    }
    if (c.authMethod === "private_key_jwt" && !c.jwks && !c.jwksUri) {
      ctx.addIssue({ code: "custom", path: ["jwks"], message: "private_key_jwt needs the client's public keys (jwks or jwksUri)" });
    }
    if (c.jwks && c.jwksUri) {
      ctx.addIssue({ code: "custom", path: ["jwksUri"], message: "give jwks or jwksUri, not both" });
    }
  });
export type ClientCreate = z.input<typeof clientCreate>;

export const clientCreated = client.extend({
  clientSecret: z.string().optional().describe("Shown once, only for client_secret_* clients."),
});

export const clientUpdate = z.strictObject({
  name: displayName.optional(),
  status: clientStatus.optional(),
  redirectUris: z.array(redirectUri).max(20).optional(),
  firstParty: z.boolean().optional(),
  roleIds: z.array(id).max(100).optional(),
  jwks: jwks.optional(),
  logoUri: z.url({ protocol: /^https$/ }).max(2048).nullable().optional(),
  clientUri: z.url({ protocol: /^https$/ }).max(2048).nullable().optional(),
  version,
});
export type ClientUpdate = z.input<typeof clientUpdate>;

export const clientListQuery = listQuery.extend({
  kind: clientKind.optional(),
  status: clientStatus.optional(),
  roleId: id.optional(),
});

/**
 * The public keys a confidential client (an agent, typically) authenticates with instead of a
 * secret: private_key_jwt (RFC 7523 §2.2, the MCP client-credentials extension's recommended
 * method). Setting them switches the client to private_key_jwt; its secret stops working.
 */
export const clientKeys = z
  .strictObject({
    jwks: jwks.optional().describe("The keys themselves (public members only)."),
    jwksUri: z.url({ protocol: /^https$/, error: "must be an https URL" }).max(2048).optional().describe("An https URL serving them; fetched like a metadata document (no private addresses)."),
    version,
  })
  .superRefine((k, ctx) => {
    if (!k.jwks === !k.jwksUri) ctx.addIssue({ code: "custom", path: ["jwks"], message: "give jwks or jwksUri (exactly one)" });
  });
export type ClientKeys = z.input<typeof clientKeys>;

export const secretRotation = z.strictObject({
  graceSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400).describe("How long the previous secret keeps working."),
});
export const secretRotated = z.object({
  clientId: z.string(),
  clientSecret: z.string().describe("Shown once."),
  previousSecretExpiresAt: timestamp.nullable(),
});

export const approvalStatus = z.enum(["pending", "approved", "denied"]);

export const approval = z.object({
  clientId: z.string(),
  clientName: z.string(),
  clientKind: clientKind,
  serverId: id,
  serverName: z.string(),
  resourceUri: z.string(),
  status: approvalStatus,
  requestedAt: timestamp,
  decidedAt: timestamp.nullable(),
  decidedBy: z.string().nullable(),
});
export type Approval = z.infer<typeof approval>;

export const approvalListQuery = listQuery.extend({ status: approvalStatus.optional(), serverId: id.optional() });

export const approvalDecision = z.strictObject({
  decision: z.enum(["approve", "deny"]).describe("approve grants the server's default role to the client"),
});

/** Initial access tokens gate Dynamic Client Registration when TOOLGATE_REGISTRATION=token. */
export const registrationTokenCreate = z.strictObject({
  expiresInSeconds: z.number().int().min(60).max(90 * 86_400).default(7 * 86_400),
});
export const registrationToken = z.object({
  token: z.string().describe("Shown once. Send as `Authorization: Bearer <token>` to the registration endpoint."),
  expiresAt: timestamp,
});
