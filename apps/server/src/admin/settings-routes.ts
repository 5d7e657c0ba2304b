import type { FastifyInstance } from "fastify";
import { settings as settingsSchema, settingsUpdate, type DeploymentSettings } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { invalid } from "../errors/product-error.js";
import { adminChange, type Tx } from "./admin-change.js";
import { errorResponses, typed } from "./admin-route.js";
import { DEFAULT_ROLE_SETTING, refuseAdministrativeDefaultRole } from "../domain/default-roles.js";
import { DEFAULT_RESOURCE_SETTING } from "../domain/implied-resource.js";

export async function settingsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma, config } = deps;
  const r = typed(app);
  const deployment: DeploymentSettings = {
    registration: config.registration.mode,
    clientIdMetadataDocuments: config.cimd.enabled,
    registrationsPerMinute: config.registration.ratePerMinute,
    dormantClientDays: config.registration.dormantDays,
    auditRetentionDays: config.auditRetentionDays,
    refreshTokenTtlSeconds: config.ttl.refreshToken,
    sessionTtlSeconds: config.ttl.session,
  };

  async function read(db: Pick<AppDeps["prisma"], "setting" | "mcpServer">) {
    // Sequential: inside a transaction both queries share one connection.
    const role = await db.setting.findUnique({ where: { key: DEFAULT_ROLE_SETTING } });
    const resource = await db.setting.findUnique({ where: { key: DEFAULT_RESOURCE_SETTING } });
    // A deleted server leaves no default behind.
    const server = typeof resource?.value === "string" ? await db.mcpServer.findUnique({ where: { id: resource.value }, select: { id: true } }) : null;
    return { registrationDefaultRoleId: typeof role?.value === "string" ? role.value : null, defaultResourceServerId: server?.id ?? null, deployment };
  }

  /** Sets (or, with null, clears) a setting holding an id; `exists` checks the id. */
  async function setId(tx: Tx, key: string, value: string | null, exists: () => Promise<unknown>, field: string, what: string) {
    if (value === null) {
      await tx.setting.deleteMany({ where: { key } });
      return;
    }
    if (!(await exists())) throw invalid(field, `no such ${what}`);
    await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }

  r.get("/settings", {
    schema: { tags: ["settings"], summary: "Server-wide settings", response: { 200: settingsSchema, ...errorResponses } },
  }, async () => read(prisma));

  r.patch("/settings", {
    schema: { tags: ["settings"], summary: "Change server-wide settings", body: settingsUpdate, response: { 200: settingsSchema, ...errorResponses } },
  }, async (request) => {
    const { registrationDefaultRoleId, defaultResourceServerId } = request.body;
    return adminChange(deps, request, "settings.updated", async (tx) => {
      const before = await read(tx);
      if (registrationDefaultRoleId !== undefined) {
        await setId(tx, DEFAULT_ROLE_SETTING, registrationDefaultRoleId, async () => {
          if (!(await tx.role.findUnique({ where: { id: registrationDefaultRoleId! } }))) return null;
          await refuseAdministrativeDefaultRole(tx, registrationDefaultRoleId!, "registrationDefaultRoleId");
          return true;
        }, "registrationDefaultRoleId", "role");
      }
      if (defaultResourceServerId !== undefined) {
        await setId(tx, DEFAULT_RESOURCE_SETTING, defaultResourceServerId, () => tx.mcpServer.findUnique({ where: { id: defaultResourceServerId! } }), "defaultResourceServerId", "MCP server");
      }
      const after = await read(tx);
      const { deployment: _before, ...changedBefore } = before;
      const { deployment: _after, ...changedAfter } = after;
      return { result: after, target: "settings", before: changedBefore, after: changedAfter };
    });
  });
}
