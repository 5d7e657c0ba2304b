import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import type { Prisma } from "../db/prisma.js";
import type { RevocationStore } from "../revocation/revocation-store.js";
import { purgeExpiredArtifacts } from "../oidc/artifact-adapter.js";
import { purgeOldAuditEvents } from "../audit/audit-retention.js";
import { purgeDormantClients } from "../domain/dormant-clients.js";
import type { AuditLog } from "../audit/audit-log.js";

/**
 * Periodic clean-up, safe to run on every instance at once (each step is an idempotent DELETE):
 * expired oidc artifacts, revocation rules no token can match any more, audit events past retention,
 * self-registered clients never used.
 */
export function startMaintenance(
  { prisma, revocations, log, config, audit }: { prisma: Prisma; revocations: RevocationStore; log: Logger; config: Config; audit: AuditLog },
  everyMs = 10 * 60_000,
) {
  const run = async () => {
    try {
      const artifacts = await purgeExpiredArtifacts(prisma, 60);
      const rules = await revocations.purgeExpired();
      const auditEvents = await purgeOldAuditEvents(prisma, config.auditRetentionDays);
      const dormantClients = await purgeDormantClients(prisma, audit, config.registration.dormantDays);
      if (artifacts || rules || auditEvents || dormantClients) {
        log.info({ artifacts, revocationRules: rules, auditEvents, dormantClients }, "maintenance: purged expired records");
      }
    } catch (err) {
      log.error({ err }, "maintenance failed");
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
