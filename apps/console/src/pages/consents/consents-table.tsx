import { useState } from "react";
import { Link } from "react-router";
import { consentsApi } from "../../api/consents-api.js";
import type { Consent } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";

/** Consents as rows, each revocable after a confirmation. `hide` drops the column a section is about. */
export function ConsentsTable({ items, hide, onRevoked }: { items: readonly Consent[]; hide?: "user" | "client"; onRevoked: () => void }) {
  const notify = useToast();
  const [revoking, setRevoking] = useState<Consent>();
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {hide !== "user" && <th scope="col">User</th>}
              {hide !== "client" && <th scope="col">Client</th>}
              <th scope="col">MCP server</th>
              <th scope="col" className="hide-sm">Scopes</th>
              <th scope="col" className="hide-sm">Given</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                {hide !== "user" && (
                  <td>
                    <Link className="row-link" to={`/users/${c.userId}`}>
                      {c.userEmail}
                    </Link>
                  </td>
                )}
                {hide !== "client" && (
                  <td>
                    <Link className="row-link" to={`/clients/${encodeURIComponent(c.clientId)}`}>
                      {c.clientName}
                    </Link>
                    {c.clientName !== c.clientId && <div className="muted small mono truncate hide-sm">{c.clientId}</div>}
                  </td>
                )}
                <td>
                  <Link to={`/servers/${c.serverId}`}>{c.serverName}</Link>
                  <div className="muted small mono truncate hide-sm">{c.resourceUri}</div>
                </td>
                <td className="hide-sm">{c.scopes.length ? c.scopes.map((s) => <code key={s} className="chip">{s}</code>) : <span className="muted">none</span>}</td>
                <td className="hide-sm muted" title={formatDateTime(c.updatedAt)}>
                  {relativeTime(c.updatedAt)}
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setRevoking(c)} aria-label={`Revoke consent of ${c.userEmail} for ${c.clientName} on ${c.serverName}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== undefined}
        title="Revoke this consent?"
        confirmLabel="Revoke consent"
        danger
        onClose={() => setRevoking(undefined)}
        onConfirm={() => consentsApi.revoke(revoking!.id)}
        onDone={() => {
          notify(`Consent of ${revoking?.userEmail} for ${revoking?.clientName} revoked`);
          onRevoked();
        }}
      >
        {revoking && (
          <>
            <p>
              <strong>{revoking.clientName}</strong> loses what <strong>{revoking.userEmail}</strong> allowed it on <strong>{revoking.serverName}</strong>: the grant and its refresh
              tokens are revoked, and access tokens already issued for <code>{revoking.resourceUri}</code> are refused.
            </p>
            <p className="muted">The next time the client asks, the user sees the consent page again.</p>
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
