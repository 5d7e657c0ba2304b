import type { Client as ClientDto, Role, Scope, Server, Tool, User } from "@toolgate/contracts";
import type * as Db from "../generated/prisma/client.js";

/** Database rows → the admin API's wire shapes (contracts package). */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function scopeDto(s: Db.Scope): Scope {
  return { id: s.id, serverId: s.serverId, name: s.name, description: s.description, version: s.version, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) };
}

export function toolDto(t: Db.Tool & { scope: { name: string } }): Tool {
  return {
    id: t.id, serverId: t.serverId, name: t.name, title: t.title, description: t.description, scopeId: t.scopeId, scopeName: t.scope.name,
    readOnly: t.readOnly, inputSchema: (t.inputSchema as Record<string, unknown> | null) ?? null, version: t.version,
    createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
  };
}

export function serverDto(s: Db.McpServer & { _count: { scopes: number; tools: number } }): Server {
  return {
    id: s.id, resourceUri: s.resourceUri, name: s.name, description: s.description, accessTokenTtl: s.accessTokenTtl,
    defaultRoleId: s.defaultRoleId, requireApproval: s.requireApproval, builtIn: s.builtIn, clientId: s.clientId,
    scopeCount: s._count.scopes, toolCount: s._count.tools, version: s.version, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
  };
}

export type RoleRow = Db.Role & {
  scopes: { scope: Db.Scope & { server: { name: string; resourceUri: string } } }[];
  _count: { clients: number; users: number };
};

export function roleDto(r: RoleRow): Role {
  return {
    id: r.id, name: r.name, description: r.description, builtIn: r.builtIn,
    scopes: r.scopes
      .map(({ scope }) => ({ id: scope.id, name: scope.name, serverId: scope.serverId, serverName: scope.server.name, resourceUri: scope.server.resourceUri }))
      .sort((a, b) => a.resourceUri.localeCompare(b.resourceUri) || a.name.localeCompare(b.name)),
    clientCount: r._count.clients, userCount: r._count.users, version: r.version, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  };
}

export type ClientRow = Db.Client & {
  roles: { role: { id: string; name: string } }[];
  server: { id: string } | null;
  approvals: { serverId: string; status: Db.ApprovalStatus; server: { name: string } }[];
};

export function clientDto(c: ClientRow): ClientDto {
  const m = c.metadata as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    id: c.id, kind: c.kind, status: c.status, name: c.name,
    authMethod: (m.token_endpoint_auth_method as ClientDto["authMethod"]) ?? "client_secret_basic",
    redirectUris: strings(m.redirect_uris), grantTypes: strings(m.grant_types),
    roles: c.roles.map((r) => ({ id: r.role.id, name: r.role.name })).sort((a, b) => a.name.localeCompare(b.name)),
    firstParty: c.firstParty, builtIn: c.builtIn, hasSecret: !!c.secretHash,
    jwks: m.jwks && typeof m.jwks === "object" ? (m.jwks as ClientDto["jwks"]) : null,
    jwksUri: typeof m.jwks_uri === "string" ? m.jwks_uri : null,
    secretRotatedAt: isoOrNull(c.secretRotatedAt), previousSecretExpiresAt: isoOrNull(c.previousSecretExpiresAt),
    softwareId: c.softwareId, registrationBlocked: c.registrationBlocked, logoUri: typeof m.logo_uri === "string" ? m.logo_uri : null, clientUri: typeof m.client_uri === "string" ? m.client_uri : null,
    lastUsedAt: isoOrNull(c.lastUsedAt), serverId: c.server?.id ?? null,
    approvals: c.approvals.map((a) => ({ serverId: a.serverId, serverName: a.server.name, status: a.status })),
    version: c.version, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt),
  };
}

export type UserRow = Db.User & {
  roles: { role: { id: string; name: string } }[];
  identities: { providerId: string; subject: string; provider: { name: string } }[];
};

export function userDto(u: UserRow, now = new Date()): User {
  return {
    id: u.id, email: u.email, name: u.name, username: u.username, status: u.status, hasPassword: !!u.passwordHash,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    roles: u.roles.map((r) => ({ id: r.role.id, name: r.role.name })).sort((a, b) => a.name.localeCompare(b.name)),
    identities: u.identities.map((i) => ({ providerId: i.providerId, providerName: i.provider.name, subject: i.subject })),
    lastLoginAt: isoOrNull(u.lastLoginAt), version: u.version, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt),
  };
}
