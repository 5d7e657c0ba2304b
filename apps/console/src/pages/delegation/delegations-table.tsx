import { useState } from "react";
import { Link } from "react-router";
import { delegationApi } from "../../api/delegation-api.js";
import type { Delegation } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { ScopeChips } from "../../components/scope-chips.js";
import { Badge } from "../../components/badge.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { DelegationDialog } from "./delegation-dialog.js";

const expired = (d: Delegation) => d.expiresAt !== null && new Date(d.expiresAt).getTime() <= Date.now();

/** User → agent delegations; `hide` drops the column a section is about. */
export function DelegationsTable({ items, hide, onChanged }: { items: readonly Delegation[]; hide?: "user" | "agent"; onChanged: () => void }) {
  const [editing, setEditing] = useState<Delegation>();
  const [ending, setEnding] = useState<Delegation>();
  const name = (d: Delegation) => `delegation of ${d.userEmail} to ${d.agentName || d.agentId}`;
  return (
    <>
      <DataTable columns={[hide !== "user" && "User", hide !== "agent" && "Agent", { label: "Scopes", className: "hide-sm" }, "Expires"]} actions="Actions">
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
              <ScopeChips scopes={d.scopes} empty="whatever both may have" />
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
              <RowButton onClick={() => setEditing(d)} label={`Edit ${name(d)}`}>
                Edit
              </RowButton>
              <RowButton danger onClick={() => setEnding(d)} label={`End ${name(d)}`}>
                End
              </RowButton>
            </td>
          </tr>
        ))}
      </DataTable>
      {editing && <DelegationDialog delegation={editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <RowConfirmDialog
        item={ending}
        title={(d) => "End this delegation?"}
        confirmLabel="End delegation"
        action={(d) => delegationApi.removeDelegation(d.id)}
        done={(d) => `${d.agentName || "The agent"} no longer acts for ${d.userEmail}`}
        onClose={() => setEnding(undefined)}
        onDone={onChanged}
      >
        {(d) => (
          <p>
            <strong>{d.agentName || d.agentId}</strong> can no longer act on behalf of <strong>{d.userEmail}</strong>, and the tokens it obtained for them are revoked.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}
