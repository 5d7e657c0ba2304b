import { useState } from "react";
import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import type { Approval } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge, KindBadge } from "../../components/badge.js";
import { DataTable } from "../../components/data-table.js";
import { EmptyState } from "../../components/empty-state.js";
import { FilterSelect } from "../../components/filter-select.js";
import { PageHeader } from "../../components/page-header.js";
import { PagedResults } from "../../components/paged-results.js";
import { RowButton } from "../../components/row-button.js";
import { SearchInput } from "../../components/search-input.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { useAction } from "../../hooks/use-action.js";
import { useResource } from "../../hooks/use-resource.js";
import { useUrlState } from "../../hooks/use-url-state.js";
import { DenyApprovalDialog, type ApprovalRequest } from "./deny-approval-dialog.js";

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
  const { busy, error, run } = useAction();
  const [denying, setDenying] = useState<ApprovalRequest>();
  const name = (a: Approval) => a.clientName || a.clientId;

  // Approving only grants (the server's default role): it runs at once. Denying is confirmed first.
  const approve = (a: Approval) =>
    run(async () => {
      await clientsApi.decideApproval(a.clientId, a.serverId, "approve");
      notify(`${name(a)} approved for ${a.serverName}`);
      approvals.reload();
    });

  return (
    <>
      <PageHeader title="Approvals" description="Clients that registered themselves and asked for an MCP server that requires approval. Approving gives them the server's default role." />
      <div className="toolbar">
        <SearchInput label="Search by client name or ID" value={values.q} onChange={(q) => update({ q })} />
        <FilterSelect label="Status" value={values.status} options={STATUSES} onChange={(v) => update({ status: v })} />
      </div>
      <ActionError error={error} />
      <PagedResults
        resource={approvals}
        onPage={(n) => update({ page: n })}
        empty={
          <EmptyState title={status === "pending" ? "Nothing waits for approval" : `No ${status} requests`}>
            Requests appear when a self-registered client asks for a server with “need approval” set.
          </EmptyState>
        }
      >
        {(items) => (
          <DataTable columns={["Client", "MCP server", { label: "Requested", className: "hide-sm" }]} actions="Decision">
            {items.map((a) => (
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
                    <RowButton ghost={false} disabled={busy} onClick={() => void approve(a)} label={`Approve ${name(a)} for ${a.serverName}`}>
                      Approve
                    </RowButton>
                  )}
                  {a.status !== "denied" && (
                    <RowButton danger disabled={busy} onClick={() => setDenying({ ...a, clientName: name(a) })} label={`Deny ${name(a)} for ${a.serverName}`}>
                      Deny
                    </RowButton>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
      <DenyApprovalDialog request={denying} onClose={() => setDenying(undefined)} onDenied={approvals.reload} />
    </>
  );
}
