import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { AuditEvent, AuditFilter, AuditPage, AuditStats } from "./types.js";

export const auditApi = {
  /** Newest first; `cursor` for older pages. */
  list: (filter: AuditFilter & { cursor?: string; limit?: number }, signal?: AbortSignal) =>
    http.call<AuditPage>(ROUTES.listAudit, { query: filter, signal }),
  /** Events newer than `after`, oldest first (live tail). */
  tail: (filter: AuditFilter & { after: string; limit?: number }, signal?: AbortSignal) =>
    http.call<AuditPage>(ROUTES.listAudit, { query: filter, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<AuditEvent>(ROUTES.getAuditEvent, { params: { id }, signal }),
  stats: (days: number, signal?: AbortSignal) => http.call<AuditStats>(ROUTES.auditStats, { query: { days }, signal }),
  /** The matching events as NDJSON, fetched with the bearer token (a plain link could not carry it). */
  async export(filter: AuditFilter): Promise<Blob> {
    const res = await http.raw(ROUTES.exportAudit, { query: filter });
    return res.blob();
  },
};
