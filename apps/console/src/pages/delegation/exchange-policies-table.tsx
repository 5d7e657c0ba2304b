import { useState } from "react";
import { Link } from "react-router";
import { delegationApi } from "../../api/delegation-api.js";
import type { ExchangePolicy } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { ExchangePolicyDialog } from "./exchange-policy-dialog.js";

/** Token exchange policies: which server may exchange users' tokens for which downstream server, with which scopes. */
export function ExchangePoliciesTable({ items, onChanged }: { items: readonly ExchangePolicy[]; onChanged: () => void }) {
  const notify = useToast();
  const [editing, setEditing] = useState<ExchangePolicy>();
  const [removing, setRemoving] = useState<ExchangePolicy>();
  const name = (p: ExchangePolicy) => `${p.sourceServerName} → ${p.targetServerName}`;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col" title="The server may exchange its users' tokens for tokens to this one">Downstream</th>
              <th scope="col" className="hide-sm">Downstream scopes</th>
              <th scope="col" className="hide-sm">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
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
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(p)} aria-label={`Edit scopes of ${name(p)}`}>
                    Edit scopes
                  </button>
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setRemoving(p)} aria-label={`Remove exchange ${name(p)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && <ExchangePolicyDialog policy={editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      <ConfirmDialog
        open={removing !== undefined}
        title={`Stop ${removing ? name(removing) : ""}?`}
        confirmLabel="Remove exchange policy"
        danger
        onClose={() => setRemoving(undefined)}
        onConfirm={() => delegationApi.removePolicy(removing!.id)}
        onDone={() => {
          notify(`${removing ? name(removing) : "Exchange policy"} removed`);
          onChanged();
        }}
      >
        {removing && (
          <p>
            <strong>{removing.sourceServerName}</strong> can no longer exchange users' tokens for tokens to <strong>{removing.targetServerName}</strong>. Tokens it already obtained
            stay valid until they expire.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
