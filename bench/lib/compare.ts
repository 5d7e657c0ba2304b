import { measure } from "./load.js";

export interface Side {
  label: string;
  send: () => Promise<boolean>;
}

export interface Comparison {
  name: string;
  baseline: { label: string; perSecond: number; failed: number };
  subject: { label: string; perSecond: number; failed: number };
}

/**
 * Measures baseline and subject alternately (A B A B …) and keeps the median of each, so drift
 * on a shared machine hits both sides alike.
 */
export async function compare(name: string, baseline: Side, subject: Side, { rounds = 3, durationMs = 3000, concurrency = 16 } = {}): Promise<Comparison> {
  const a: number[] = [];
  const b: number[] = [];
  let failedA = 0;
  let failedB = 0;
  for (let i = 0; i < rounds; i++) {
    const ra = await measure(baseline.send, { durationMs, concurrency });
    const rb = await measure(subject.send, { durationMs, concurrency });
    a.push(ra.perSecond);
    b.push(rb.perSecond);
    failedA += ra.failed;
    failedB += rb.failed;
  }
  return {
    name,
    baseline: { label: baseline.label, perSecond: median(a), failed: failedA },
    subject: { label: subject.label, perSecond: median(b), failed: failedB },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}
