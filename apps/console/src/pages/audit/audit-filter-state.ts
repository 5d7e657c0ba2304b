import type { AuditFilter } from "../../api/types.js";

export const AUDIT_FILTER_KEYS = ["from", "to", "type", "subject", "clientId", "resource", "tool", "decision", "target"] as const;
export type AuditFilterValues = Record<(typeof AUDIT_FILTER_KEYS)[number], string>;

/** URL values → the API's filter (datetime-local inputs become ISO timestamps). */
export function toAuditFilter(values: AuditFilterValues): AuditFilter {
  const time = (v: string) => {
    if (!v) return undefined;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  const text = (v: string) => v.trim() || undefined;
  return {
    from: time(values.from),
    to: time(values.to),
    type: text(values.type),
    subject: text(values.subject),
    clientId: text(values.clientId),
    resource: text(values.resource),
    tool: text(values.tool),
    decision: values.decision === "allow" || values.decision === "deny" ? values.decision : undefined,
    target: text(values.target),
  };
}

export function activeFilterCount(values: AuditFilterValues): number {
  return AUDIT_FILTER_KEYS.filter((k) => values[k].trim() !== "").length;
}

/** Merges new events into a newest-first list without duplicates (the tail may repeat some). */
export function mergeNewest<T extends { id: string }>(current: readonly T[], incoming: readonly T[]): T[] {
  const seen = new Set(current.map((e) => e.id));
  const fresh = incoming.filter((e) => !seen.has(e.id)).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  return [...fresh, ...current];
}
