import { useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/api-error.js";
import { clientsApi } from "../../api/clients-api.js";
import type { Approval } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge, KindBadge } from "../../components/badge.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { Pagination } from "../../components/pagination.js";
import { SearchInput } from "../../components/search-input.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";

const PAGE_SIZE = 25;
const STATUSES = [
  { value: "", label: "Pending" },
  { value: "approved", label: "Approved" },
  { value: "denied", label: "Denied" },
];

/** Self-registered clients asking for MCP servers that require an administrator's approval. */
export function ApprovalsPage() {
  const notify = useToast();
  const { values, page, update } = useUrlState(["q", "status"] as const);
  const status = (values.status || "pending") as Approval["status"];
  const approvals = useResource((signal) => clientsApi.approvals({ q: values.q, status, page, pageSize: PAGE_SIZE }, signal), [values.q, status, page]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const decide = async (a: Approval, decision: "approve" | "deny") => {
    setBusy(true);
    setError(undefined);
    try {
      await clientsApi.decideApproval(a.clientId, a.serverId, decision);
      notify(`${a.clientName || a.clientId} ${decision === "approve" ? "approved" : "denied"} for ${a.serverName}`);
      approvals.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Approvals" description="Clients that registered themselves and asked for an MCP server that requires approval. Approving gives them the server's default role." />
      <div className="toolbar">
        <SearchInput label="Search by client name or ID" value={values.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Status" value={values.status} options={STATUSES} onChange={(v) => update({ status: v })} />
      </div>
      <ActionError error={error} />
      <Loadable resource={approvals}>
        {(p) =>
          p.items.length === 0 ? (
            <EmptyState title={status === "pending" ? "Nothing waits for approval" : `No ${status} requests`}>
              Requests appear when a self-registered client asks for a server with “need approval” set.
            </EmptyState>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Client</th>
                      <th scope="col">MCP server</th>
                      <th scope="col" className="hide-sm">Requested</th>
                      <th scope="col">
                        <span className="visually-hidden">Decision</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((a) => (
                      <tr key={`${a.clientId}:${a.serverId}`}>
                        <td>
                          <Link className="row-link" to={`/clients/${encodeURIComponent(a.clientId)}`}>
                            {a.clientName || a.clientId}
                          </Link>
                          <KindBadge kind={a.clientKind} />
                          <div className="muted small mono truncate">{a.clientId}</div>
                        </td>
                        <td>
                          <Link to={`/servers/${a.serverId}`}>{a.serverName}</Link>
                          <div className="muted small mono truncate">{a.resourceUri}</div>
                        </td>
                        <td className="hide-sm muted" title={formatDateTime(a.requestedAt)}>
                          {relativeTime(a.requestedAt)}
                        </td>
                        <td className="row-actions">
                          {a.status !== "pending" && <Badge tone={a.status === "approved" ? "green" : "red"}>{a.status}</Badge>}
                          {a.status !== "approved" && (
                            <button type="button" className="btn btn-small" disabled={busy} onClick={() => decide(a, "approve")} aria-label={`Approve ${a.clientName || a.clientId} for ${a.serverName}`}>
                              Approve
                            </button>
                          )}
                          {a.status !== "denied" && (
                            <button type="button" className="btn btn-small btn-ghost danger" disabled={busy} onClick={() => decide(a, "deny")} aria-label={`Deny ${a.clientName || a.clientId} for ${a.serverName}`}>
                              Deny
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={p.page} pageSize={p.pageSize} total={p.total} onPage={(n) => update({ page: n })} />
            </>
          )
        }
      </Loadable>
    </>
  );
}
