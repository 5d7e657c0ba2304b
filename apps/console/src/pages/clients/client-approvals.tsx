import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import type { Client } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge } from "../../components/badge.js";
import { useToast } from "../../components/toasts.js";
import { useAction } from "../../hooks/use-action.js";

/** Servers that require approval: this client's requests, approved or denied per server. */
export function ClientApprovals({ client, onChanged }: { client: Client; onChanged: (c: Client) => void }) {
  const notify = useToast();
  const { busy, error, run } = useAction();
  if (client.approvals.length === 0) return null;
  const decide = (serverId: string, serverName: string, decision: "approve" | "deny") =>
    run(async () => {
      onChanged(await clientsApi.decideApproval(client.id, serverId, decision));
      notify(decision === "approve" ? `Approved for ${serverName}` : `Denied for ${serverName}`);
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
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => decide(a.serverId, a.serverName, "approve")}>
                  Approve
                </button>
              )}
              {a.status !== "denied" && (
                <button type="button" className="btn btn-small btn-ghost danger" disabled={busy} onClick={() => decide(a.serverId, a.serverName, "deny")}>
                  Deny
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
