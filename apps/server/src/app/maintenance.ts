import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import type { Prisma } from "../db/prisma.js";
import type { RevocationStore } from "../revocation/revocation-store.js";
import { purgeExpiredArtifacts } from "../oidc/artifact-adapter.js";
import { purgeOldAuditEvents } from "../audit/audit-retention.js";

/**
 * Periodic clean-up, safe to run on every instance at once (each step is an idempotent DELETE):
 * expired oidc artifacts, revocation rules no token can match any more, audit events past retention.
 */
export function startMaintenance({ prisma, revocations, log, config }: { prisma: Prisma; revocations: RevocationStore; log: Logger; config: Config }, everyMs = 10 * 60_000) {
  const run = async () => {
    try {
      const artifacts = await purgeExpiredArtifacts(prisma, 60);
      const rules = await revocations.purgeExpired();
      const auditEvents = await purgeOldAuditEvents(prisma, config.auditRetentionDays);
      if (artifacts || rules || auditEvents) log.info({ artifacts, revocationRules: rules, auditEvents }, "maintenance: purged expired records");
    } catch (err) {
      log.error({ err }, "maintenance failed");
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
