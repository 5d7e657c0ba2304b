import type { Logger } from "pino";
import type { Prisma, PrismaNamespace, SqlPool } from "../db/prisma.js";
import type { AuditEventInput } from "./audit-event.js";
import { databaseReachable, storableJson, storableText, writeIsolating } from "../db/batch-isolation.js";

/** Where dropped events are counted (the `toolgate_writes_dropped_total` metric). */
export interface DroppedCounter {
  inc(labels: { writer: string; reason: string }, value?: number): void;
}

type Tx = Pick<Prisma, "auditEvent">;

/**
 * Two ways into the audit trail:
 * - `inTransaction`: admin changes are written in the transaction that makes the change, so the
 *   change and its record commit or roll back together.
 * - `emit`: protocol events (tokens issued, refused, revoked…) are queued and written in batches,
 *   off the request's path, so auditing does not slow token issuance: one INSERT per batch,
 *   through the pg pool (db/hot-path.md). The queue is bounded; what overflows is counted and
 *   logged, never silently lost. `flush` runs at shutdown.
 *
 * Every text is made storable first (db/batch-isolation.ts: a NUL or unpaired surrogate in a login
 * email or client name is recorded as U+FFFD), and a batch the database still refuses is split
 * until the event at fault is alone: that one is dropped, logged and counted; every other event,
 * and every later one, is written. Only an unreachable database keeps events queued for a retry.
 */
export function createAuditLog(
  pool: SqlPool,
  log: Logger,
  { maxQueue = 10_000, flushEveryMs = 200, batchSize = 500, protocolEvents = true, dropped: droppedCounter }: {
    maxQueue?: number; flushEveryMs?: number; batchSize?: number; protocolEvents?: boolean; dropped?: DroppedCounter;
  } = {},
) {
  let queue: PrismaNamespace.AuditEventCreateManyInput[] = [];
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();

  async function flush(): Promise<void> {
    if (flushing) return flushing;
    if (queue.length === 0) return;
    flushing = (async () => {
      while (queue.length) {
        const batch = queue.slice(0, batchSize);
        const result = await writeIsolating(batch, (rows) => insertBatch(pool, rows), {
          reachable: () => databaseReachable(pool),
          onDropped(row, err) {
            droppedCounter?.inc({ writer: "audit", reason: "refused_by_database" });
            log.error({ err, type: row.type, clientId: row.clientId, requestId: row.requestId }, "audit event dropped: the database refused it");
          },
        });
        queue = queue.slice(result.handled);
        if (result.unavailable !== undefined) {
          log.error({ err: result.unavailable, pending: queue.length }, "audit write failed: database unreachable; will retry");
          return;
        }
      }
      if (dropped) {
        log.error({ dropped }, "audit queue overflowed; events were dropped");
        dropped = 0;
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  return {
    emit(event: AuditEventInput): void {
      if (!protocolEvents) return;
      if (queue.length >= maxQueue) {
        dropped += 1;
        droppedCounter?.inc({ writer: "audit", reason: "queue_full" });
        return;
      }
      queue.push(toRow(event));
    },
    async inTransaction(tx: Tx, event: AuditEventInput): Promise<void> {
      await tx.auditEvent.create({ data: toRow(event) });
    },
    flush,
    get pending() {
      return queue.length;
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
      if (queue.length) await flush();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** One statement for the whole batch: the rows travel as one JSON parameter. */
async function insertBatch(pool: SqlPool, rows: PrismaNamespace.AuditEventCreateManyInput[]): Promise<void> {
  await pool.query(
    `INSERT INTO audit_event (time, type, decision, subject, actor_chain, client_id, resource, tool, scopes, reason, ip, request_id, details, reporter_id)
     SELECT time, type, decision, subject, actor_chain, client_id, resource, tool, scopes, reason, ip, request_id, details, reporter_id
     FROM jsonb_to_recordset($1::jsonb) AS r(time timestamp, type text, decision text, subject text, actor_chain text[], client_id text,
       resource text, tool text, scopes text[], reason text, ip text, request_id text, details jsonb, reporter_id text)`,
    [JSON.stringify(rows.map((r) => ({
      time: r.time, type: r.type, decision: r.decision, subject: r.subject, actor_chain: r.actorChain, client_id: r.clientId,
      resource: r.resource, tool: r.tool, scopes: r.scopes, reason: r.reason, ip: r.ip, request_id: r.requestId,
      details: r.details ?? null, reporter_id: r.reporterId,
    })))],
  );
}

function toRow(e: AuditEventInput): PrismaNamespace.AuditEventCreateManyInput {
  const text = (v: string | undefined) => (v === undefined ? null : storableText(v));
  return {
    time: e.time ?? new Date(),
    type: storableText(e.type),
    decision: e.decision ?? null,
    subject: text(e.subject),
    actorChain: (e.actorChain ?? []).map(storableText),
    clientId: text(e.clientId),
    resource: text(e.resource),
    tool: text(e.tool),
    scopes: (e.scopes ?? []).map(storableText),
    reason: text(e.reason),
    ip: text(e.ip),
    requestId: text(e.requestId),
    details: (e.details === undefined ? undefined : storableJson(e.details)) as PrismaNamespace.InputJsonValue | undefined,
    reporterId: text(e.reporterId),
  };
}
