import { boundEvent, type AuditSink, type ToolCallEvent } from "./audit-event.js";
import { HttpError, type HttpClient } from "./http-client.js";

export interface ToolgateAuditSinkOptions {
  http: HttpClient;
  issuer: string;
  /** HTTP Basic header with the MCP server's own credentials. */
  authorization: string;
  /** Events held in memory at most; past it new events are dropped and counted. Default 10 000. */
  maxQueue?: number;
  /** Events per request (the ingest takes at most 500 and 1 MiB). Default 200. */
  batchSize?: number;
  /** How long an event may wait for a batch to fill. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Longest wait between retries of a failed batch. Default 30 s. */
  maxBackoffMs?: number;
  onError: (err: unknown) => void;
}

export interface AuditSinkStats {
  queued: number;
  sent: number;
  /** Dropped because the queue was full. */
  dropped: number;
  /** Refused by the ingest as malformed (400/403/413): retrying would not help. */
  rejected: number;
}

export interface ToolgateAuditSink extends AuditSink {
  stats(): AuditSinkStats;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BATCH_BYTES = 900 * 1024;

/**
 * The default sink: batches events to Toolgate's audit ingest (`POST /api/audit/events`) with the
 * server's credentials. Memory is bounded (`maxQueue`); a failed batch (network, 5xx, 401, 429) stays
 * queued and is retried with exponential backoff, so events are lost only when the queue
 * overflows — and then counted in `stats().dropped`.
 */
export function createToolgateAuditSink(options: ToolgateAuditSinkOptions): ToolgateAuditSink {
  const { http, onError } = options;
  const maxQueue = options.maxQueue ?? 10_000;
  const batchSize = Math.min(options.batchSize ?? 200, 500);
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const url = `${options.issuer.replace(/\/$/, "")}/api/audit/events`;
  const queue: ToolCallEvent[] = [];
  const stats = { sent: 0, dropped: 0, rejected: 0 };
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;
  let failures = 0;
  let closed = false;

  function schedule(delay: number) {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, delay);
    timer.unref();
  }

  function nextBatch(): ToolCallEvent[] {
    const batch: ToolCallEvent[] = [];
    let bytes = 20;
    for (const event of queue) {
      const size = JSON.stringify(event).length + 1;
      if (batch.length >= batchSize || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) break;
      batch.push(event);
      bytes += size;
    }
    return batch;
  }

  async function sendOnce(): Promise<boolean> {
    const batch = nextBatch();
    if (batch.length === 0) return false;
    try {
      await http.request(url, {
        method: "POST",
        headers: { authorization: options.authorization, "content-type": "application/json" },
        body: JSON.stringify({ events: batch }),
      });
      stats.sent += batch.length;
      queue.splice(0, batch.length);
      failures = 0;
      return true;
    } catch (err) {
      if (err instanceof HttpError && (err.status === 400 || err.status === 403 || err.status === 413)) {
        // The ingest stores a batch whole or not at all; a malformed one would fail forever.
        stats.rejected += batch.length;
        queue.splice(0, batch.length);
        onError(new Error(`audit ingest refused ${batch.length} events: ${err.message}`));
        return true;
      }
      failures++;
      onError(err);
      schedule(Math.min(maxBackoffMs, 500 * 2 ** Math.min(failures, 10)));
      return false;
    }
  }

  async function drain(): Promise<void> {
    sending ??= (async () => {
      while (queue.length > 0 && (await sendOnce()));
    })().finally(() => {
      sending = undefined;
    });
    return sending;
  }

  return {
    emit(event) {
      if (closed) return;
      if (queue.length >= maxQueue) {
        stats.dropped++;
        return;
      }
      queue.push(boundEvent(event));
      if (failures > 0) return; // a retry is already scheduled
      if (queue.length >= batchSize) void drain();
      else schedule(flushIntervalMs);
    },
    stats: () => ({ queued: queue.length, ...stats }),
    flush: () => drain(),
    async close() {
      await drain();
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
