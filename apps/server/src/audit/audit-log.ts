import type { Logger } from "pino";
import type { Prisma } from "../db/prisma.js";
import type { PrismaNamespace } from "../db/prisma.js";
import type { AuditEventInput } from "./audit-event.js";

type Tx = Pick<Prisma, "auditEvent">;

/**
 * Two ways into the audit trail:
 * - `inTransaction`: admin changes are written in the transaction that makes the change, so the
 *   change and its record commit or roll back together.
 * - `emit`: protocol events (tokens issued, refused, revoked…) are queued and written in batches,
 *   off the request's path, so auditing does not slow token issuance. The queue is bounded; what
 *   overflows is counted and logged, never silently lost. `flush` runs at shutdown.
 */
export function createAuditLog(prisma: Prisma, log: Logger, { maxQueue = 10_000, flushEveryMs = 200, batchSize = 500 } = {}) {
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
        try {
          await prisma.auditEvent.createMany({ data: batch });
          queue = queue.slice(batch.length);
        } catch (err) {
          log.error({ err, pending: queue.length }, "audit write failed; will retry");
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
      if (queue.length >= maxQueue) {
        dropped += 1;
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

function toRow(e: AuditEventInput): PrismaNamespace.AuditEventCreateManyInput {
  return {
    time: e.time ?? new Date(),
    type: e.type,
    decision: e.decision ?? null,
    subject: e.subject ?? null,
    actorChain: e.actorChain ?? [],
    clientId: e.clientId ?? null,
    resource: e.resource ?? null,
    tool: e.tool ?? null,
    scopes: e.scopes ?? [],
    reason: e.reason ?? null,
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
    details: (e.details as PrismaNamespace.InputJsonValue | undefined) ?? undefined,
    reporterId: e.reporterId ?? null,
  };
}
