import type { SqlPool } from "./prisma.js";

/**
 * Batched writers (the audit trail, client usage) write many records in one statement. One record
 * the database refuses must not stop the others — nor every later batch, as retrying the same
 * batch for ever would: an unauthenticated caller could then silence the audit trail with one
 * hostile value. So a failed batch is split in halves until the records it fails for are alone;
 * those are dropped and reported, the rest is written. Only when the database itself cannot be
 * reached is the batch kept for a later attempt.
 */
export interface IsolatedWrite {
  /** Records from the start of the batch that were written or dropped: remove them from the queue. */
  handled: number;
  /** Set when the database was unreachable: the records after `handled` are to be retried later. */
  unavailable?: unknown;
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the record is at fault. */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23)/.test(code);
}

export async function databaseReachable(pool: SqlPool): Promise<boolean> {
  try {
    await pool.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

export async function writeIsolating<T>(
  batch: T[],
  write: (records: T[]) => Promise<void>,
  { reachable, onDropped }: { reachable: () => Promise<boolean>; onDropped: (record: T, err: unknown) => void },
): Promise<IsolatedWrite> {
  if (batch.length === 0) return { handled: 0 };
  try {
    await write(batch);
    return { handled: batch.length };
  } catch (err) {
    if (!isDataError(err) && !(await reachable())) return { handled: 0, unavailable: err };
    if (batch.length === 1) {
      onDropped(batch[0]!, err);
      return { handled: 1 };
    }
    const half = Math.ceil(batch.length / 2);
    const first = await writeIsolating(batch.slice(0, half), write, { reachable, onDropped });
    if (first.unavailable !== undefined) return first;
    const second = await writeIsolating(batch.slice(half), write, { reachable, onDropped });
    return { handled: first.handled + second.handled, ...(second.unavailable !== undefined ? { unavailable: second.unavailable } : {}) };
  }
}

/**
 * Text PostgreSQL can store: NUL (refused in text and jsonb) and unpaired UTF-16 surrogates
 * (refused in jsonb, mangled in text) become U+FFFD, so a hostile value is recorded, visibly
 * altered, instead of failing its record.
 */
export function storableText(value: string): string {
  return UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, "\uFFFD") : value;
}

// NUL, or a surrogate without its pair.
const UNSTORABLE_SOURCE = "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, "g");

/** `storableText` on every string of a JSON-like value (object keys too). */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}

/** Whether a string would be altered by `storableText`. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
