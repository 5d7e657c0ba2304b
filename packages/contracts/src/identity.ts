import { z } from "zod";
import { displayName, id, listQuery, queryBoolean, timestamp, version } from "./common.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An OpenID Connect issuer: https, or http on loopback (development). */
const issuerUrl = z.string().trim().max(2048).superRefine((value, ctx) => {
  const url = URL.parse(value);
  const ok = !!url && !url.search && !url.hash && (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname)));
  if (!ok) ctx.addIssue({ code: "custom", message: "must be an https URL without query or fragment (http only on localhost/127.0.0.1)" });
});

const claimName = z.string().trim().min(1).max(100);

export const claimMapping = z.strictObject({
  email: claimName.default("email"),
  name: claimName.default("name"),
  username: claimName.default("preferred_username"),
  groups: claimName.default("groups"),
});

const slug = z.string().min(1).max(40).regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and - (starting with a letter or digit)");
const scopes = z.string().trim().max(500).regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, "space-separated scope values")
  .refine((s) => s.split(" ").includes("openid"), "must include openid");

export const identityProvider = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  scopes: z.string(),
  claimMapping: z.object({ email: z.string(), name: z.string(), username: z.string(), groups: z.string() }),
  enabled: z.boolean(),
  redirectUri: z.string().describe("Register this redirect URI with the upstream provider."),
  userCount: z.number().int(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type IdentityProvider = z.infer<typeof identityProvider>;

export const identityProviderCreate = z.strictObject({
  slug,
  name: displayName,
  issuer: issuerUrl,
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000).optional(),
  scopes: scopes.default("openid email profile"),
  claimMapping: claimMapping.default({ email: "email", name: "name", username: "preferred_username", groups: "groups" }),
  enabled: z.boolean().default(true),
});
export type IdentityProviderCreate = z.input<typeof identityProviderCreate>;

export const identityProviderUpdate = z.strictObject({
  name: displayName.optional(),
  issuer: issuerUrl.optional(),
  clientId: z.string().trim().min(1).max(500).optional(),
  clientSecret: z.string().min(1).max(2000).nullable().optional(),
  scopes: scopes.optional(),
  claimMapping: claimMapping.optional(),
  enabled: z.boolean().optional(),
  version,
});
export type IdentityProviderUpdate = z.input<typeof identityProviderUpdate>;

export const identityProviderListQuery = listQuery.extend({
  enabled: queryBoolean.optional().describe("Only providers users may sign in with (true), or only disabled ones (false)."),
});

export const signInRuleKind = z.enum(["email_domain", "user", "group"]);

export const signInRule = z.object({
  id,
  kind: signInRuleKind,
  value: z.string(),
  providerId: id.nullable(),
  createdAt: timestamp,
});
export type SignInRule = z.infer<typeof signInRule>;

export const signInRuleCreate = z.strictObject({
  kind: signInRuleKind,
  value: z.string().trim().min(1).max(320),
  providerId: id.nullable().default(null).describe("For group rules: whose group claim (null = any provider)."),
}).superRefine((r, ctx) => {
  if (r.kind === "email_domain" && !/^@?[a-z0-9.-]+\.[a-z]{2,}$/i.test(r.value)) {
    ctx.addIssue({ code: "custom", path: ["value"], message: "must be a domain such as example.com" });
  }
  if (r.kind !== "group" && r.providerId) ctx.addIssue({ code: "custom", path: ["providerId"], message: "only group rules name a provider" });
});
export type SignInRuleCreate = z.input<typeof signInRuleCreate>;

export const signInPolicy = z.object({
  rules: z.array(signInRule),
  caseSensitiveUsers: z.boolean().describe("Compare user rules case-sensitively (default: case-insensitive)."),
});
export type SignInPolicy = z.infer<typeof signInPolicy>;

export const signInPolicyUpdate = z.strictObject({ caseSensitiveUsers: z.boolean() });

export const consent = z.object({
  id,
  userId: id,
  userEmail: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  serverId: id,
  serverName: z.string(),
  resourceUri: z.string(),
  scopes: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Consent = z.infer<typeof consent>;

export const consentListQuery = listQuery.extend({ userId: id.optional(), clientId: z.string().max(2048).optional(), serverId: id.optional() });
