import type { Logger } from "pino";
import { pendingMigrations } from "../db/migrator.js";
import type { Prisma } from "../db/prisma.js";

export interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
}

/**
 * What `/readyz` answers: the database answers within `timeoutMs` and every migration is applied.
 * The answer is public, so a database failure is named, not described: its details go to the log.
 */
export function createReadinessCheck({ prisma, log, timeoutMs = 3000 }: { prisma: Prisma; log: Logger; timeoutMs?: number }) {
  return async (): Promise<Readiness> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const pending = await Promise.race([pendingMigrations((sql) => prisma.$queryRawUnsafe(sql)), timeout]);
      return pending.length
        ? { ok: false, checks: { database: "ok", migrations: `pending: ${pending.join(", ")}` } }
        : { ok: true, checks: { database: "ok", migrations: "ok" } };
    } catch (err) {
      log.warn({ err: (err as Error).message }, "readiness: database check failed");
      return { ok: false, checks: { database: "unreachable: see the server log" } };
    } finally {
      clearTimeout(timer);
    }
  };
}
