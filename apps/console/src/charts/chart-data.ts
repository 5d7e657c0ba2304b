/** Pure helpers for the overview's charts. */

export interface DayCount {
  day: string;
  count: number;
}

/** One entry per day for the last `days` days ending `today` (UTC), zero where nothing happened. */
export function fillDays(series: readonly DayCount[], days: number, today: Date = new Date()): DayCount[] {
  const byDay = new Map(series.map((d) => [d.day, d.count]));
  const out: DayCount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}

/** A round axis maximum ≥ max: 1, 2, 5 × 10^n. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

export function sum(series: readonly DayCount[]): number {
  return series.reduce((n, d) => n + d.count, 0);
}
