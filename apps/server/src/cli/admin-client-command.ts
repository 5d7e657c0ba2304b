import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { ADMIN_ROLE_NAME, adminApiResource } from "../domain/built-ins.js";
import { withDatabase } from "./with-database.js";
import { valueOf } from "./args.js";

/**
 * `toolgate admin client [--name N]`: an automation client for scripts — client_credentials with
 * the admin scope. Prints its id and secret once.
 */
export async function adminClientCommand(config: Config, log: Logger, args: string[]): Promise<number> {
  const name = valueOf(args, "--name") ?? "Admin automation";
  return withDatabase(config, log, async ({ prisma }) => {
    const role = await prisma.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE_NAME } });
    const id = `admin-${randomBytes(6).toString("hex")}`;
    const secret = generateClientSecret();
    await prisma.$transaction(async (tx) => {
      await tx.client.create({
        data: {
          id, kind: "application", name, secretHash: hashClientSecret(secret),
          metadata: { client_name: name, grant_types: ["client_credentials"], response_types: [], redirect_uris: [], token_endpoint_auth_method: "client_secret_basic" },
          roles: { create: [{ roleId: role.id }] },
        },
      });
      await tx.auditEvent.create({ data: { type: "admin.client.created", reason: "toolgate admin client (CLI)", clientId: id, details: { name } } });
    });
    process.stdout.write(
      `Admin automation client created (the secret is not shown again):\n  client_id:     ${id}\n  client_secret: ${secret}\n\n` +
        `Get a token:\n  curl -s -u '${id}:${secret}' -d grant_type=client_credentials -d resource=${adminApiResource(config.issuer)} ${config.issuer}/token\n`,
    );
    return 0;
  });
}
