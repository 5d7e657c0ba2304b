import type { Logger } from "pino";
import type { SqlPool } from "../db/prisma.js";
import { databaseReachable, writeIsolating } from "../db/batch-isolation.js";
import type { DroppedCounter } from "../audit/audit-log.js";

/**
 * Remembers when each client last obtained a token, for the console and for purging dormant
 * self-registered clients. Writes are batched (at most one per client per flush) so token
 * issuance does not pay for them. An entry the database refuses is isolated and dropped (logged,
 * counted) without costing the others (db/batch-isolation.ts); while the database is unreachable
 * the entries wait for the next flush (at most one per client, so memory stays bounded by the
 * number of clients).
 */
export function createClientUsage(pool: SqlPool, log: Logger, { flushEveryMs = 30_000, dropped }: { flushEveryMs?: number; dropped?: DroppedCounter } = {}) {
  let pending = new Map<string, Date>();
  let flushing: Promise<void> | undefined;

  const write = (entries: [string, Date][]) =>
    pool.query(
      `UPDATE client SET last_used_at = u.at FROM unnest($1::text[], $2::timestamp[]) AS u(id, at)
       WHERE client.id = u.id AND (client.last_used_at IS NULL OR client.last_used_at < u.at)`,
      [entries.map(([id]) => id), entries.map(([, at]) => at.toISOString())],
    ).then(() => undefined);

  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      if (!pending.size) return;
      const batch = [...pending];
      pending = new Map();
      const result = await writeIsolating(batch, write, {
        reachable: () => databaseReachable(pool),
        onDropped([clientId], err) {
          dropped?.inc({ writer: "client_usage", reason: "refused_by_database" });
          log.warn({ err, clientId: JSON.stringify(clientId).slice(0, 200) }, "client usage entry dropped: the database refused it");
        },
      });
      if (result.unavailable !== undefined) {
        log.warn({ err: result.unavailable }, "could not record client usage: database unreachable; will retry");
        // Keep what was not written, unless a newer use arrived meanwhile.
        for (const [id, at] of batch.slice(result.handled)) if (!pending.has(id)) pending.set(id, at);
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
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
