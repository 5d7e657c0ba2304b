import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import type { Prisma, SqlPool } from "../db/prisma.js";
import type { ProviderHost } from "../oidc/provider-host.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { RevocationStore } from "../revocation/revocation-store.js";
import type { PageRenderer } from "./page-renderer.js";
import type { Redis } from "ioredis";
import type { Federation } from "../auth/federation.js";
import type { Metrics } from "../metrics/metrics.js";

/** Everything route modules need, passed in (no module singletons). */
export interface AppDeps {
  config: Config;
  secret: string;
  prisma: Prisma;
  pool: SqlPool;
  log: Logger;
  host: ProviderHost;
  audit: AuditLog;
  revocations: RevocationStore;
  pages: PageRenderer;
  federation: Federation;
  metrics: Metrics;
  /** Set when REDIS_URL is: rate-limit counters shared by every instance. */
  redis?: Redis | undefined;
  /** Database reachable and schema current. */
  readiness: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
}
