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
  /** Refused by the ingest one by one (400/403/413, or a 5xx that persists for that event alone): retrying would not help. */
  rejected: number;
}

export interface ToolgateAuditSink extends AuditSink {
  stats(): AuditSinkStats;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BATCH_BYTES = 900 * 1024;

/** A batch answered 5xx this many times is split, in case one of its events is what fails. */
const MAX_SERVER_ERRORS = 3;

/**
 * The default sink: batches events to Toolgate's audit ingest (`POST /api/audit/events`) with the
 * server's credentials. Memory is bounded (`maxQueue`); overflow is counted in `stats().dropped`.
 *
 * One bad event never stops the others: the ingest stores a batch whole or not at all, so a batch
 * refused for its content (400/403/413) loses only the events the answer names (`fields`
 * `events.<i>.…`), or is halved until the event at fault is alone — that one is counted in
 * `stats().rejected` and reported to `onError`, every other is sent. A batch answered 5xx
 * `MAX_SERVER_ERRORS` times is split the same way. Toolgate unreachable (network, 401, 429, 503)
 * is no fault of an event: the batch stays queued and is retried with exponential backoff.
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
  let serverErrors = 0;
  /** Lowered while isolating a bad event; grows back as batches get through. */
  let limit = batchSize;
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
      if (batch.length >= limit || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) break;
      batch.push(event);
      bytes += size;
    }
    return batch;
  }

  /** Drops the events of the front batch at these indexes, as rejected. */
  function reject(indexes: number[], reason: string) {
    for (const i of [...indexes].sort((a, b) => b - a)) queue.splice(i, 1);
    stats.rejected += indexes.length;
    onError(new Error(`audit ingest refused ${indexes.length} event(s): ${reason}`));
  }

  /** The batch was refused for its content: drop the events at fault, or narrow down to them. */
  function isolate(batch: ToolCallEvent[], err: HttpError) {
    const named = eventsNamed(err.body, batch.length);
    if (named.length > 0 && named.length < batch.length) return reject(named, err.message);
    if (batch.length > 1) {
      limit = Math.ceil(batch.length / 2);
      return;
    }
    reject([0], err.message);
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
      serverErrors = 0;
      limit = Math.min(batchSize, limit * 2);
      return true;
    } catch (err) {
      if (err instanceof HttpError && (err.status === 400 || err.status === 403 || err.status === 413)) {
        isolate(batch, err);
        return true;
      }
      if (err instanceof HttpError && err.status >= 500 && err.status !== 503 && ++serverErrors >= MAX_SERVER_ERRORS) {
        serverErrors = 0;
        isolate(batch, err);
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

/** Indexes of the events an error answer names in its `fields` (`events.<i>.<field>`). */
function eventsNamed(body: string, count: number): number[] {
  try {
    const fields = (JSON.parse(body) as { fields?: { path?: unknown }[] }).fields ?? [];
    const indexes = new Set<number>();
    for (const f of fields) {
      const m = typeof f.path === "string" ? /^events\.(\d+)(\.|$)/.exec(f.path) : null;
      if (m && Number(m[1]) < count) indexes.add(Number(m[1]));
    }
    return [...indexes];
  } catch {
    return [];
  }
}
