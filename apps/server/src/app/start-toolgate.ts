import type { FastifyInstance } from "fastify";
import { connectRedis } from "./redis.js";
import { createFederation } from "../auth/federation.js";
import { createMetrics } from "../metrics/metrics.js";
import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { resolveSecret } from "../config/resolve-secret.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { createDatabaseClients, type Prisma } from "../db/prisma.js";
import { createSecretBox } from "../keys/secret-box.js";
import { ensureSigningKeys } from "../keys/signing-keys.js";
import { createAuditLog, type AuditLog } from "../audit/audit-log.js";
import { createRevocationStore } from "../revocation/revocation-store.js";
import { startSecretGraceExpiry } from "../revocation/secret-grace.js";
import { ProviderHost } from "../oidc/provider-host.js";
import { createPageRenderer } from "../http/page-renderer.js";
import { buildApp } from "../http/build-app.js";
import type { AppDeps } from "../http/app-deps.js";
import { startMaintenance } from "./maintenance.js";
import { createReadinessCheck } from "./readiness.js";
import { createClientUsage, type ClientUsage } from "../domain/client-usage.js";
import { bootstrap } from "./bootstrap.js";
import { runDemo } from "./demo-seed.js";

export interface StartOptions {
  config: Config;
  log: Logger;
  /** Outgoing fetch for CIMD documents (tests inject one that trusts their fixture CA). */
  fetch?: typeof globalThis.fetch;
  /** How often every instance re-reads the signing keys (a withdrawn key must stop verifying within the 5 s revocation bound). */
  keyRefreshMs?: number;
  /** Seed the research demo (idempotent) and print its credentials once. */
  demo?: boolean;
  /** Record protocol events (tokens, logins…) in the audit trail. Only the audit benchmark turns this off. */
  auditProtocolEvents?: boolean;
}

export interface Toolgate {
  url: string;
  app: FastifyInstance;
  deps: AppDeps;
  prisma: Prisma;
  audit: AuditLog;
  usage: ClientUsage;
  /** Runs the periodic clean-up now (it also runs every 10 minutes). */
  runMaintenance(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a Toolgate server: database, migrations, keys, provider, HTTP. */
export async function startToolgate({ config, log, fetch, keyRefreshMs = 2_000, demo = false, auditProtocolEvents = true }: StartOptions): Promise<Toolgate> {
  log.info({ issuer: config.issuer, production: config.production }, "Toolgate starting");
  const database = await openDatabase(config, log);
  const secret = await resolveSecret(config, log);

  const report = await migrate(database.url);
  if (report.applied.length) log.info({ applied: report.applied }, "database migrations applied");

  const db = createDatabaseClients(database.url, { onError: (err) => log.warn({ err: err.message }, "database connection lost; reconnecting on next use") });
  const { prisma, pool } = db;
  const keyBox = createSecretBox(secret, "signing-keys");
  await ensureSigningKeys(prisma, keyBox);

  const metrics = createMetrics();
  const audit = createAuditLog(pool, log, { protocolEvents: auditProtocolEvents, dropped: metrics.writesDropped });
  const usage = createClientUsage(pool, log, { dropped: metrics.writesDropped });
  const revocations = createRevocationStore(prisma);
  const pages = createPageRenderer(config);
  await bootstrap({ config, prisma, log, audit });
  if (demo) {
    await runDemo(config, prisma, audit, (text) => process.stderr.write(text));
  }
  const host = await ProviderHost.create({ config, prisma, pool, log, secret, revocations, pages, audit, usage, metrics, fetch }, keyBox);

  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  const deps: AppDeps = {
    config,
    secret,
    prisma,
    pool,
    log,
    host,
    audit,
    revocations,
    pages,
    redis,
    federation: createFederation({ config, prisma, secret }),
    metrics,
    readiness: createReadinessCheck({ prisma, log }),
  };
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  host.startRefreshing(keyRefreshMs);
  const maintenance = startMaintenance({ prisma, revocations, log, config, audit });
  const secretGrace = startSecretGraceExpiry({ prisma, revocations, log });
  log.info({ url: config.issuer }, "Toolgate ready");

  return {
    url: config.issuer,
    app,
    deps,
    prisma,
    audit,
    usage,
    runMaintenance: maintenance.run,
    async close() {
      maintenance.stop();
      secretGrace.stop();
      host.stop();
      await app.close();
      redis?.disconnect();
      await usage.close();
      await audit.close();
      await db.close();
      await database.stop();
    },
  };
}
