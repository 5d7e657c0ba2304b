import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import type { Prisma, SqlPool } from "../db/prisma.js";
import type { RevocationStore } from "../revocation/revocation-store.js";
import type { KeySet } from "../keys/signing-keys.js";
import type { PageRenderer } from "../http/page-renderer.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { ClientUsage } from "../domain/client-usage.js";
import type { Metrics } from "../metrics/metrics.js";

/** What the oidc-provider configuration needs from the rest of the server. */
export interface OidcDeps {
  config: Config;
  prisma: Prisma;
  pool: SqlPool;
  log: Logger;
  secret: string;
  revocations: RevocationStore;
  pages: PageRenderer;
  audit: AuditLog;
  usage: ClientUsage;
  metrics: Metrics;
  /** Outgoing HTTP for CIMD documents; tests inject one trusting their fixture CA. */
  fetch?: typeof globalThis.fetch;
}

export interface ProviderInputs extends OidcDeps {
  keys: KeySet;
}
