import type { Logger } from "pino";
import type { SqlPool } from "../db/prisma.js";

/**
 * Remembers when each client last obtained a token, for the console and for purging dormant
 * self-registered clients. Writes are batched (at most one per client per flush) so token
 * issuance does not pay for them.
 */
export function createClientUsage(pool: SqlPool, log: Logger, flushEveryMs = 30_000) {
  let pending = new Map<string, Date>();
  const flush = async () => {
    if (!pending.size) return;
    const batch = pending;
    pending = new Map();
    try {
      await pool.query(
        `UPDATE client SET last_used_at = u.at FROM unnest($1::text[], $2::timestamp[]) AS u(id, at)
         WHERE client.id = u.id AND (client.last_used_at IS NULL OR client.last_used_at < u.at)`,
        [[...batch.keys()], [...batch.values()].map((d) => d.toISOString())],
      );
    } catch (err) {
      log.warn({ err }, "could not record client usage");
    }
  };
  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();
  return {
    touch(clientId: string, at = new Date()) {
      pending.set(clientId, at);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

export type ClientUsage = ReturnType<typeof createClientUsage>;
