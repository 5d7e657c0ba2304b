import { useState } from "react";
import { Link } from "react-router";
import { delegationApi } from "../../api/delegation-api.js";
import type { Delegation } from "../../api/types.js";
import { Badge } from "../../components/badge.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";

const expired = (d: Delegation) => d.expiresAt !== null && new Date(d.expiresAt).getTime() <= Date.now();

/** User → agent delegations; `hide` drops the column a section is about. */
export function DelegationsTable({ items, hide, onChanged }: { items: readonly Delegation[]; hide?: "user" | "agent"; onChanged: () => void }) {
  const notify = useToast();
  const [ending, setEnding] = useState<Delegation>();
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {hide !== "user" && <th scope="col">User</th>}
              {hide !== "agent" && <th scope="col">Agent</th>}
              <th scope="col" className="hide-sm">Scopes</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                {hide !== "user" && (
                  <td>
                    <Link className="row-link" to={`/users/${d.userId}`}>
                      {d.userEmail}
                    </Link>
                  </td>
                )}
                {hide !== "agent" && (
                  <td>
                    <Link className="row-link" to={`/clients/${encodeURIComponent(d.agentId)}`}>
                      {d.agentName || d.agentId}
                    </Link>
                    <div className="muted small mono truncate">{d.agentId}</div>
                  </td>
                )}
                <td className="hide-sm">
                  {d.scopes.length ? d.scopes.map((s) => <code key={s} className="chip">{s}</code>) : <span className="muted">whatever both may have</span>}
                </td>
                <td>
                  {d.expiresAt === null ? (
                    <span className="muted">never</span>
                  ) : expired(d) ? (
                    <Badge tone="red" title={formatDateTime(d.expiresAt)}>
                      expired
                    </Badge>
                  ) : (
                    <span title={formatDateTime(d.expiresAt)}>{formatDateTime(d.expiresAt)}</span>
                  )}
                  <div className="muted small" title={formatDateTime(d.createdAt)}>
                    added {relativeTime(d.createdAt)}
                  </div>
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setEnding(d)} aria-label={`End delegation of ${d.userEmail} to ${d.agentName || d.agentId}`}>
                    End
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={ending !== undefined}
        title="End this delegation?"
        confirmLabel="End delegation"
        danger
        onClose={() => setEnding(undefined)}
        onConfirm={() => delegationApi.removeDelegation(ending!.id)}
        onDone={() => {
          notify(`${ending?.agentName || "The agent"} no longer acts for ${ending?.userEmail}`);
          onChanged();
        }}
      >
        {ending && (
          <p>
            <strong>{ending.agentName || ending.agentId}</strong> can no longer act on behalf of <strong>{ending.userEmail}</strong>, and the tokens it obtained for them are
            revoked.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
