import { useState } from "react";
import { Link } from "react-router";
import { consentsApi } from "../../api/consents-api.js";
import type { Consent } from "../../api/types.js";
import { DataTable } from "../../components/data-table.js";
import { RowButton } from "../../components/row-button.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";
import { ScopeChips } from "../../components/scope-chips.js";
import { formatDateTime, relativeTime } from "../../format/time.js";

/** Consents as rows, each revocable after a confirmation. `hide` drops the column a section is about. */
export function ConsentsTable({ items, hide, onRevoked }: { items: readonly Consent[]; hide?: "user" | "client"; onRevoked: () => void }) {
  const [revoking, setRevoking] = useState<Consent>();
  return (
    <>
      <DataTable columns={[hide !== "user" && "User", hide !== "client" && "Client", "MCP server", { label: "Scopes", className: "hide-sm" }, { label: "Given", className: "hide-sm" }]} actions="Actions">
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
            <td className="hide-sm">
              <ScopeChips scopes={c.scopes} />
            </td>
            <td className="hide-sm muted" title={formatDateTime(c.updatedAt)}>
              {relativeTime(c.updatedAt)}
            </td>
            <td className="row-actions">
              <RowButton danger onClick={() => setRevoking(c)} label={`Revoke consent of ${c.userEmail} for ${c.clientName} on ${c.serverName}`}>
                Revoke
              </RowButton>
            </td>
          </tr>
        ))}
      </DataTable>
      <RowConfirmDialog
        item={revoking}
        title={(c) => "Revoke this consent?"}
        confirmLabel="Revoke consent"
        action={(c) => consentsApi.revoke(c.id)}
        done={(c) => `Consent of ${c.userEmail} for ${c.clientName} revoked`}
        onClose={() => setRevoking(undefined)}
        onDone={onRevoked}
      >
        {(c) => (
          <>
            <p>
              <strong>{c.clientName}</strong> loses what <strong>{c.userEmail}</strong> allowed it on <strong>{c.serverName}</strong>: the grant and its refresh tokens are
              revoked, and access tokens already issued for <code>{c.resourceUri}</code> are refused.
            </p>
            <p className="muted">The next time the client asks, the user sees the consent page again.</p>
          </>
        )}
      </RowConfirmDialog>
    </>
  );
}
