import { useState } from "react";
import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import type { Client } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge } from "../../components/badge.js";
import { RowButton } from "../../components/row-button.js";
import { useToast } from "../../components/toasts.js";
import { useAction } from "../../hooks/use-action.js";
import { DenyApprovalDialog, type ApprovalRequest } from "./deny-approval-dialog.js";

/** Servers that require approval: this client's requests, approved at once or denied after confirmation, per server. */
export function ClientApprovals({ client, onChanged }: { client: Client; onChanged: (c: Client) => void }) {
  const notify = useToast();
  const { busy, error, run } = useAction();
  const [denying, setDenying] = useState<ApprovalRequest>();
  if (client.approvals.length === 0) return null;
  const clientName = client.name || client.id;
  const approve = (serverId: string, serverName: string) =>
    run(async () => {
      onChanged(await clientsApi.decideApproval(client.id, serverId, "approve"));
      notify(`Approved for ${serverName}`);
    });
  return (
    <section className="card section-card" aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Approvals</h2>
      <ActionError error={error} />
      <ul className="bound-list">
        {client.approvals.map((a) => (
          <li key={a.serverId}>
            <span>
              <Link to={`/servers/${a.serverId}`}>{a.serverName}</Link> <Badge tone={a.status === "approved" ? "green" : a.status === "denied" ? "red" : "amber"}>{a.status}</Badge>
            </span>
            <span className="row-actions">
              {a.status !== "approved" && (
                <RowButton ghost={false} disabled={busy} onClick={() => void approve(a.serverId, a.serverName)} label={`Approve ${clientName} for ${a.serverName}`}>
                  Approve
                </RowButton>
              )}
              {a.status !== "denied" && (
                <RowButton danger disabled={busy} onClick={() => setDenying({ clientId: client.id, clientName, serverId: a.serverId, serverName: a.serverName })} label={`Deny ${clientName} for ${a.serverName}`}>
                  Deny
                </RowButton>
              )}
            </span>
          </li>
        ))}
      </ul>
      <DenyApprovalDialog request={denying} onClose={() => setDenying(undefined)} onDenied={onChanged} />
    </section>
  );
}
