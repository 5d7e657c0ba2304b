import { useState } from "react";
import { Link } from "react-router";
import { delegationApi } from "../../api/delegation-api.js";
import type { ExchangePolicy } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { ExchangePolicyDialog } from "./exchange-policy-dialog.js";

/** Token exchange policies: which server may exchange users' tokens for which downstream server, with which scopes. */
export function ExchangePoliciesTable({ items, onChanged }: { items: readonly ExchangePolicy[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<ExchangePolicy>();
  const [removing, setRemoving] = useState<ExchangePolicy>();
  const name = (p: ExchangePolicy) => `${p.sourceServerName} → ${p.targetServerName}`;
  return (
    <>
      <DataTable columns={["Server", { label: "Downstream", title: "The server may exchange its users' tokens for tokens to this one" }, { label: "Downstream scopes", className: "hide-sm" }, { label: "Created", className: "hide-sm" }]} actions="Actions">
        {items.map((p) => (
          <tr key={p.id}>
            <td>
              <Link className="row-link" to={`/servers/${p.sourceServerId}`}>
                {p.sourceServerName}
              </Link>
            </td>
            <td>
              <Link to={`/servers/${p.targetServerId}`}>{p.targetServerName}</Link>
              <div className="muted small mono truncate hide-sm">{p.targetResourceUri}</div>
            </td>
            <td className="hide-sm">
              {p.scopes.map((s) => (
                <code key={s.id} className="chip">
                  {s.name}
                </code>
              ))}
            </td>
            <td className="hide-sm muted" title={formatDateTime(p.createdAt)}>
              {relativeTime(p.createdAt)}
            </td>
            <td className="row-actions">
              <RowButton onClick={() => setEditing(p)} label={`Edit scopes of ${name(p)}`}>
                Edit scopes
              </RowButton>
              <RowButton danger onClick={() => setRemoving(p)} label={`Remove exchange ${name(p)}`}>
                Remove
              </RowButton>
            </td>
          </tr>
        ))}
      </DataTable>
      {editing && <ExchangePolicyDialog policy={editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <RowConfirmDialog
        item={removing}
        title={(p) => `Stop ${name(p)}?`}
        confirmLabel="Remove exchange policy"
        action={(p) => delegationApi.removePolicy(p.id)}
        done={(p) => `${name(p)} removed`}
        onClose={() => setRemoving(undefined)}
        onDone={onChanged}
      >
        {(p) => (
          <p>
            <strong>{p.sourceServerName}</strong> can no longer exchange users' tokens for tokens to <strong>{p.targetServerName}</strong>, and the tokens it already obtained
            for {p.targetServerName} through this exchange are revoked.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}
