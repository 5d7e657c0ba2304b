import type { Prisma } from "../../src/db/prisma.js";
import { generateClientSecret, hashClientSecret } from "../../src/oidc/client-secret.js";
import { hashPassword } from "../../src/auth/password.js";

/**
 * Test data written straight to the database, for tests of the protocol endpoints (the admin API
 * has its own tests).
 */
export async function createServerWithScopes(
  prisma: Prisma,
  { resourceUri, name = "Research", scopes, accessTokenTtl = 300 }: { resourceUri: string; name?: string; scopes: string[]; accessTokenTtl?: number },
) {
  const server = await prisma.mcpServer.create({
    data: { resourceUri, name, accessTokenTtl, scopes: { create: scopes.map((s) => ({ name: s, description: `Use ${s}` })) } },
    include: { scopes: true },
  });
  return server;
}

export async function createRole(prisma: Prisma, name: string, scopeIds: string[]) {
  return prisma.role.create({ data: { name, scopes: { create: scopeIds.map((scopeId) => ({ scopeId })) } } });
}

export interface ClientFixture {
  clientId: string;
  clientSecret?: string;
}

export async function createClient(
  prisma: Prisma,
  {
    id,
    confidential = false,
    redirectUris = ["http://127.0.0.1:7777/callback"],
    grantTypes = ["authorization_code", "refresh_token"],
    roleIds = [],
    kind = "application",
    applicationType,
    firstParty = false,
  }: {
    id: string;
    confidential?: boolean;
    redirectUris?: string[];
    grantTypes?: string[];
    roleIds?: string[];
    kind?: "application" | "agent" | "dcr" | "cimd";
    applicationType?: "web" | "native";
    firstParty?: boolean;
  },
): Promise<ClientFixture> {
  const clientSecret = confidential ? generateClientSecret() : undefined;
  await prisma.client.create({
    data: {
      id,
      kind,
      name: id,
      firstParty,
      metadata: {
        client_name: id,
        redirect_uris: grantTypes.includes("authorization_code") ? redirectUris : [],
        grant_types: grantTypes,
        response_types: grantTypes.includes("authorization_code") ? ["code"] : [],
        token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
        ...(applicationType ? { application_type: applicationType } : {}),
      },
      secretHash: clientSecret ? hashClientSecret(clientSecret) : null,
      roles: { create: roleIds.map((roleId) => ({ roleId })) },
    },
  });
  return { clientId: id, clientSecret };
}

export async function createUser(prisma: Prisma, { email, password, roleIds = [] }: { email: string; password: string; roleIds?: string[] }) {
  return prisma.user.create({
    data: { email, passwordHash: await hashPassword(password), roles: { create: roleIds.map((roleId) => ({ roleId })) } },
  });
}
