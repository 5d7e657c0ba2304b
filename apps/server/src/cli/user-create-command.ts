import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { userCreate } from "@toolgate/contracts";
import type { Config } from "../config/load-config.js";
import { hashPassword } from "../auth/password.js";
import { ADMIN_ROLE_NAME } from "../domain/built-ins.js";
import { withDatabase } from "./with-database.js";
import { valueOf } from "./admin-client-command.js";

/**
 * `toolgate user create --email E [--name N] [--password P] [--admin]`: a local account. Without
 * --password one is generated and printed once.
 */
export async function userCreateCommand(config: Config, log: Logger, args: string[]): Promise<number> {
  const generated = valueOf(args, "--password") === undefined;
  const password = valueOf(args, "--password") ?? randomBytes(15).toString("base64url");
  const parsed = userCreate.safeParse({ email: valueOf(args, "--email"), name: valueOf(args, "--name") ?? "", password });
  if (!parsed.success) {
    process.stderr.write(`Invalid arguments: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n`);
    return 64;
  }
  const { email, name } = parsed.data;
  return withDatabase(config, log, async ({ prisma }) => {
    if (await prisma.user.findUnique({ where: { email } })) {
      process.stderr.write(`A user with email ${email} already exists.\n`);
      return 1;
    }
    const role = args.includes("--admin") ? await prisma.role.findUnique({ where: { name: ADMIN_ROLE_NAME } }) : null;
    const passwordHash = await hashPassword(password);
    await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name, passwordHash, roles: role ? { create: [{ roleId: role.id }] } : undefined } });
      await tx.auditEvent.create({ data: { type: "admin.user.created", subject: user.id, reason: "toolgate user create (CLI)", details: { email, admin: !!role } } });
    });
    process.stdout.write(`User ${email} created${role ? " (administrator)" : ""}.${generated ? `\n  password: ${password}  (not shown again)` : ""}\n`);
    return 0;
  });
}
