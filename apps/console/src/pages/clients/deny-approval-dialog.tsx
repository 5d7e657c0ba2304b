import { clientsApi } from "../../api/clients-api.js";
import type { Client } from "../../api/types.js";
import { RowConfirmDialog } from "../../components/row-confirm-dialog.js";

/** A self-registered client's request for an MCP server that requires approval. */
export interface ApprovalRequest {
  clientId: string;
  clientName: string;
  serverId: string;
  serverName: string;
}

interface DenyApprovalDialogProps {
  /** The request asked about; the dialog is open while there is one. */
  request: ApprovalRequest | undefined;
  onClose: () => void;
  /** The client as the server answers once it is denied. */
  onDenied: (client: Client) => void;
}

/** "Deny this client for this server?": once denied, Toolgate refuses its requests for that server. */
export function DenyApprovalDialog({ request, onClose, onDenied }: DenyApprovalDialogProps) {
  return (
    <RowConfirmDialog
      item={request}
      title={(r) => `Deny ${r.clientName} for ${r.serverName}?`}
      confirmLabel="Deny"
      action={async (r) => onDenied(await clientsApi.decideApproval(r.clientId, r.serverId, "deny"))}
      done={(r) => `${r.clientName} denied for ${r.serverName}`}
      onClose={onClose}
    >
      {(r) => (
        <>
          <p>
            Toolgate refuses <strong>{r.clientName}</strong> when it asks for <strong>{r.serverName}</strong>.
          </p>
          <p className="muted">It can still be approved later, on its page or under Approvals.</p>
        </>
      )}
    </RowConfirmDialog>
  );
}
