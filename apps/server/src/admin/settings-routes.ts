import type { FastifyInstance } from "fastify";
import { settings as settingsSchema, settingsUpdate, type DeploymentSettings } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { invalid } from "../errors/product-error.js";
import { adminChange } from "./admin-change.js";
import { errorResponses, typed } from "./admin-route.js";
import { DEFAULT_ROLE_SETTING, refuseAdministrativeDefaultRole } from "../domain/default-roles.js";

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

  async function read(db: Pick<AppDeps["prisma"], "setting">) {
    const row = await db.setting.findUnique({ where: { key: DEFAULT_ROLE_SETTING } });
    return { registrationDefaultRoleId: typeof row?.value === "string" ? row.value : null, deployment };
  }

  r.get("/settings", {
    schema: { tags: ["settings"], summary: "Server-wide settings", response: { 200: settingsSchema, ...errorResponses } },
  }, async () => read(prisma));

  r.patch("/settings", {
    schema: { tags: ["settings"], summary: "Change server-wide settings", body: settingsUpdate, response: { 200: settingsSchema, ...errorResponses } },
  }, async (request) => {
    const { registrationDefaultRoleId } = request.body;
    return adminChange(deps, request, "settings.updated", async (tx) => {
      const before = await read(tx);
      if (registrationDefaultRoleId !== undefined) {
        if (registrationDefaultRoleId === null) {
          await tx.setting.deleteMany({ where: { key: DEFAULT_ROLE_SETTING } });
        } else {
          if (!(await tx.role.findUnique({ where: { id: registrationDefaultRoleId } }))) throw invalid("registrationDefaultRoleId", "no such role");
          await refuseAdministrativeDefaultRole(tx, registrationDefaultRoleId, "registrationDefaultRoleId");
          await tx.setting.upsert({ where: { key: DEFAULT_ROLE_SETTING }, create: { key: DEFAULT_ROLE_SETTING, value: registrationDefaultRoleId }, update: { value: registrationDefaultRoleId } });
        }
      }
      const after = await read(tx);
      return { result: after, target: "settings", before: { registrationDefaultRoleId: before.registrationDefaultRoleId }, after: { registrationDefaultRoleId: after.registrationDefaultRoleId } };
    });
  });
}
