import { useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/api-error.js";
import { auditApi } from "../../api/audit-api.js";
import { ActionError } from "../../components/action-error.js";
import { StatusBadge } from "../../components/badge.js";
import { EmptyState } from "../../components/empty-state.js";
import { ErrorState } from "../../components/error-state.js";
import { LoadingState } from "../../components/loading-state.js";
import { PageHeader } from "../../components/page-header.js";
import { formatDateTime, formatShortDateTime } from "../../format/time.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { AUDIT_FILTER_KEYS, activeFilterCount, toAuditFilter } from "./audit-filter-state.js";
import { AuditFilters } from "./audit-filters.js";
import { adminTarget } from "./admin-target.js";
import { useAuditTrail } from "./use-audit-trail.js";

export function AuditPage() {
  const { values, update } = useUrlState(AUDIT_FILTER_KEYS);
  const [live, setLive] = useState(false);
  const [showFilters, setShowFilters] = useState(activeFilterCount(values) > 0);
  const [exportError, setExportError] = useState<ApiError>();
  const filter = toAuditFilter(values);
  const trail = useAuditTrail(filter, live);
  const count = activeFilterCount(values);

  const exportNdjson = async () => {
    setExportError(undefined);
    try {
      const blob = await auditApi.export(filter);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `toolgate-audit-${new Date().toISOString().slice(0, 10)}.ndjson`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      if (e instanceof ApiError) setExportError(e);
    }
  };

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every token issued or refused, registration, consent, tool call and administrator change — who acted, for whom, on what."
        actions={
          <>
            <button type="button" className={live ? "btn btn-live on" : "btn btn-live"} aria-pressed={live} onClick={() => setLive((l) => !l)}>
              <span className="live-dot" aria-hidden="true" />
              {live ? "Live" : "Live tail"}
            </button>
            <button type="button" className="btn" onClick={exportNdjson}>
              Export NDJSON
            </button>
          </>
        }
      />
      <div className="toolbar">
        <button type="button" className="btn" aria-expanded={showFilters} aria-controls="audit-filters" onClick={() => setShowFilters((s) => !s)}>
          Filters{count > 0 ? ` (${count})` : ""}
        </button>
        {count > 0 && (
          <button type="button" className="btn btn-ghost" onClick={() => update(Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, ""])))}>
            Clear filters
          </button>
        )}
        {live && (
          <span className="muted small live-status" role="status">
            {trail.tailError ? "Live tail paused: Toolgate is not answering; retrying…" : "Showing new events as they happen"}
          </span>
        )}
      </div>
      {showFilters && (
        <div id="audit-filters">
          <AuditFilters values={values} onApply={(v) => update(v)} />
        </div>
      )}
      <ActionError error={exportError} />
      {trail.loading ? (
        <LoadingState />
      ) : trail.error ? (
        <ErrorState error={trail.error} onRetry={trail.reload} />
      ) : trail.items.length === 0 ? (
        <EmptyState title={count ? "No event matches these filters" : "No events yet"}>{live ? "Waiting for new events…" : count ? "Widen the time range or clear a filter." : "Events appear as clients register, get tokens and call tools."}</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table audit-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Decision</th>
                  <th scope="col" className="hide-sm">Subject</th>
                  <th scope="col" className="hide-sm">Client</th>
                  <th scope="col" className="hide-sm">Server / tool</th>
                </tr>
              </thead>
              <tbody>
                {trail.items.map((e) => (
                  <tr key={e.id} className={trail.fresh.has(e.id) ? "fresh" : undefined}>
                    <td className="nowrap small">
                      <time dateTime={e.time} title={formatDateTime(e.time)}>{formatShortDateTime(e.time)}</time>
                    </td>
                    <td>
                      <Link className="row-link mono" to={`/audit/${e.id}`}>
                        {e.type}
                      </Link>
                      {adminTarget(e) && <div className="muted small mono truncate">on {adminTarget(e)}</div>}
                      {e.reason && <div className="muted small clamp">{e.reason}</div>}
                    </td>
                    <td>{e.decision ? <StatusBadge status={e.decision} /> : <span className="muted">—</span>}</td>
                    <td className="hide-sm mono small truncate">{e.subject ?? "—"}</td>
                    <td className="hide-sm mono small truncate">{e.clientId ?? "—"}</td>
                    <td className="hide-sm small">
                      {e.tool ? <code>{e.tool}</code> : null}
                      {e.resource && <div className="muted mono truncate">{e.resource}</div>}
                      {!e.tool && !e.resource && <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            {trail.olderError !== undefined && <ErrorState error={trail.olderError} onRetry={trail.loadOlder} />}
            {trail.hasOlder ? (
              <button type="button" className="btn" onClick={trail.loadOlder} disabled={trail.loadingOlder}>
                {trail.loadingOlder ? "Loading…" : "Load older events"}
              </button>
            ) : (
              <span className="muted small">Beginning of the trail{count ? " for these filters" : ""}.</span>
            )}
          </div>
        </>
      )}
    </>
  );
}
