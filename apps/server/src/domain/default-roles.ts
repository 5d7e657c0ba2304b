import type { Prisma } from "../db/prisma.js";
import { ProductError } from "../errors/product-error.js";

type Tx = Pick<Prisma, "scope">;

export const DEFAULT_ROLE_SETTING = "registration.defaultRoleId";

/**
 * Default roles are ceilings, not bindings (docs/tokens.md, "Which scopes"): what a
 * self-registered client (DCR or CIMD) may carry for a user on a server is at most what the
 * server's default role — and the global registration default role — grant on that server, read
 * at every token request (grantable-scopes.ts). Nothing is copied onto the client at
 * registration, so raising or lowering a ceiling applies to every such client at once.
 *
 * A role that grants any of Toolgate's administrative scopes (the scopes of a built-in server,
 * `toolgate:admin`) can never be a default role: self-registration must never reach them. The
 * scope decision ignores them for self-registered clients whatever the configuration says; this
 * refuses the configuration itself, with the reason, so the console can say why.
 */
export async function refuseAdministrativeDefaultRole(tx: Tx, roleId: string, field: string): Promise<void> {
  const administrative = await tx.scope.findMany({
    where: { server: { builtIn: true }, roles: { some: { roleId } } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  if (!administrative.length) return;
  const names = administrative.map((s) => s.name).join(", ");
  throw new ProductError(400, "validation.failed", `this role grants administrative access (${names}); self-registered clients never get administrative scopes, so it cannot be a default role`, {
    fields: [{ path: field, message: `grants administrative access (${names}): a default role reaches every self-registered client, which must never hold administrative scopes` }],
  });
}
