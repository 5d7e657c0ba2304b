import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import type { Prisma, Tx } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import { hashPassword } from "../auth/password.js";
import {
  ACCOUNT_CLIENT_ID, accountRedirectUri, ADMIN_ROLE_NAME, ADMIN_SCOPE, adminApiResource, CONSOLE_CLIENT_ID, consoleRedirectUri,
} from "../domain/built-ins.js";

const BOOTSTRAP_LOCK = 8390876209876543212n;

/**
 * Makes sure the built-ins exist and match the configured issuer — the admin API as a protected
 * resource with its `toolgate:admin` scope, the `toolgate-admin` role, the console's and the
 * account page's public clients. Idempotent; serialized by an advisory lock so instances starting
 * together (and CLI commands) agree. Returns the admin role.
 */
export async function ensureBuiltIns(tx: Tx, issuer: string): Promise<{ id: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
  const resourceUri = adminApiResource(issuer);
  let server = await tx.mcpServer.findFirst({ where: { builtIn: true } });
  if (!server) {
    server = await tx.mcpServer.create({
      data: { resourceUri, name: "Toolgate admin API", description: "Toolgate's own administration API", builtIn: true, accessTokenTtl: 300 },
    });
  } else if (server.resourceUri !== resourceUri) {
    server = await tx.mcpServer.update({ where: { id: server.id }, data: { resourceUri } });
  }
  const scope = await tx.scope.upsert({
    where: { serverId_name: { serverId: server.id, name: ADMIN_SCOPE } },
    create: { serverId: server.id, name: ADMIN_SCOPE, description: "Administer Toolgate: servers, clients, users, audit" },
    update: {},
  });
  const role = await tx.role.upsert({
    where: { name: ADMIN_ROLE_NAME },
    create: { name: ADMIN_ROLE_NAME, description: "Full administration of Toolgate", builtIn: true, scopes: { create: [{ scopeId: scope.id }] } },
    update: {},
  });
  const consoleMetadata = {
    client_name: "Toolgate console",
    redirect_uris: [consoleRedirectUri(issuer)],
    post_logout_redirect_uris: [`${issuer}/console/`],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    application_type: "web",
  };
  await tx.client.upsert({
    where: { id: CONSOLE_CLIENT_ID },
    create: {
      id: CONSOLE_CLIENT_ID,
      kind: "application",
      name: "Toolgate console",
      metadata: consoleMetadata,
      firstParty: true,
      builtIn: true,
      roles: { create: [{ roleId: role.id }] },
    },
    update: { metadata: consoleMetadata },
  });

  const accountMetadata = {
    client_name: "Your Toolgate account",
    redirect_uris: [accountRedirectUri(issuer)],
    post_logout_redirect_uris: [`${issuer}/account`],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    application_type: "web",
  };
  await tx.client.upsert({
    where: { id: ACCOUNT_CLIENT_ID },
    create: { id: ACCOUNT_CLIENT_ID, kind: "application", name: "Your Toolgate account", metadata: accountMetadata, firstParty: true, builtIn: true },
    update: { metadata: accountMetadata },
  });

  return role;
}

/**
 * The built-ins, and someone who can administer: when no user holds the admin role, one is
 * created from TOOLGATE_ADMIN_EMAIL / TOOLGATE_ADMIN_PASSWORD, or with a generated password
 * printed once.
 */
export async function bootstrap({ config, prisma, log, audit }: { config: Config; prisma: Prisma; log: Logger; audit: AuditLog }): Promise<void> {
  const generated = await prisma.$transaction(async (tx) => {
    const role = await ensureBuiltIns(tx, config.issuer);
    const admins = await tx.user.count({ where: { roles: { some: { roleId: role.id } } } });
    if (admins > 0) return undefined;
    const email = config.admin.email ?? "admin@toolgate.local";
    const password = config.admin.password ?? randomBytes(18).toString("base64url");
    const passwordHash = await hashPassword(password);
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: "Administrator", passwordHash, roles: { create: [{ roleId: role.id }] } },
      update: { passwordHash, status: "active", roles: { create: [{ roleId: role.id }] } },
    });
    await audit.inTransaction(tx, { type: "admin.bootstrap", subject: user.id, reason: "first administrator created", details: { email } });
    return config.admin.password ? undefined : { email, password };
  }, { timeout: 30_000 });

  if (generated) {
    // Printed once, outside the JSON logs: the only time this password is shown.
    process.stderr.write(
      `\n  Toolgate administrator created\n    email:    ${generated.email}\n    password: ${generated.password}\n` +
        `  Sign in at ${config.issuer}/console/ — this password is not shown again.\n\n`,
    );
    log.warn({ email: generated.email }, "created the first administrator with a generated password (printed above, once)");
  }
}
