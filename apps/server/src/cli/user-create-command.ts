import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { userCreate } from "@toolgate/contracts";
import type { Config } from "../config/load-config.js";
import { hashPassword } from "../auth/password.js";
import { ADMIN_ROLE_NAME } from "../domain/built-ins.js";
import { withDatabase } from "./with-database.js";
import { valueOf, valuesOf } from "./args.js";

/**
 * `toolgate user create --email E [--name N] [--password P] [--role R]… [--admin]`: a local account
 * with the named roles (`--admin` is `--role toolgate-admin`). Without --password one is generated
 * and printed once.
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
    const roleNames = [...new Set([...valuesOf(args, "--role"), ...(args.includes("--admin") ? [ADMIN_ROLE_NAME] : [])])];
    const roles = await prisma.role.findMany({ where: { name: { in: roleNames } }, select: { id: true, name: true } });
    const missing = roleNames.filter((n) => !roles.some((r) => r.name === n));
    if (missing.length) {
      process.stderr.write(`No role named ${missing.join(", ")}.\n`);
      return 1;
    }
    const passwordHash = await hashPassword(password);
    await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name, passwordHash, roles: { create: roles.map((r) => ({ roleId: r.id })) } } });
      await tx.auditEvent.create({ data: { type: "admin.user.created", subject: user.id, reason: "toolgate user create (CLI)", details: { email, roles: roleNames } } });
    });
    const withRoles = roleNames.length ? ` with role${roleNames.length > 1 ? "s" : ""} ${roleNames.join(", ")}` : "";
    process.stdout.write(`User ${email} created${withRoles}.${generated ? `\n  password: ${password}  (not shown again)` : ""}\n`);
    return 0;
  });
}
