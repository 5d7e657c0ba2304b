import { useReducer, useState } from "react";
import { Link } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import type { Client } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge, KindBadge, StatusBadge } from "../../components/badge.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { PageHeader } from "../../components/page-header.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { SummaryCopyItem } from "../../components/summary-copy-item.js";
import { useAction } from "../../hooks/use-action.js";
import { ClientApprovals } from "./client-approvals.js";
import { RotateSecretDialog } from "./rotate-secret-dialog.js";
import { ClientKeysDialog } from "./client-keys-dialog.js";
import { BoundRoles } from "../shared/bound-roles.js";
import { DeleteRecordDialog } from "../shared/delete-record-dialog.js";
import { RecordActivity } from "../shared/record-activity.js";
import { ConsentsSection } from "../consents/consents-section.js";
import { DelegationsSection } from "../delegation/delegations-section.js";
import { RecordRoute } from "../shared/record-route.js";

export function ClientDetailPage() {
  return (
    <RecordRoute load={clientsApi.get} list={{ href: "/clients", label: "All clients" }}>
      {(c, client) => <ClientView client={c} reload={client.reload} replace={client.set} />}
    </RecordRoute>
  );
}

function ClientView({ client, reload, replace }: { client: Client; reload: () => void; replace: (c: Client) => void }) {
  const notify = useToast();
  const [confirm, setConfirm] = useState<"disable" | "delete" | undefined>();
  // A consent revoked on this page is in its activity (consent.revoked names the user and the client).
  const [revoked, countRevoked] = useReducer((n: number) => n + 1, 0);
  const [rotating, setRotating] = useState(false);
  const [settingKeys, setSettingKeys] = useState(false);
  const action = useAction();
  const listHref = client.kind === "agent" ? "/agents" : "/clients";
  const selfRegistered = client.kind === "dcr" || client.kind === "cimd";
  const liftBlock = () =>
    void action.run(async () => {
      replace(await clientsApi.liftRegistrationBlock(client.id));
      notify("Registrations of this software are allowed again");
    });

  const setStatus = async (status: "active" | "disabled") => {
    replace(await clientsApi.update(client.id, { status, version: client.version }));
    notify(status === "active" ? (client.status === "pending" ? "Client approved" : "Client enabled") : "Client disabled and its access revoked");
  };
  /** From a header button (the confirm dialog shows its own errors). */
  const setStatusNow = (status: "active" | "disabled") => void action.run(() => setStatus(status));

  return (
    <>
      <PageHeader
        title={client.name || client.id}
        back={{ to: listHref, label: client.kind === "agent" ? "Agents" : "Clients" }}
        badges={
          <>
            <KindBadge kind={client.kind} />
            <StatusBadge status={client.status} />
            {client.builtIn && <Badge>built-in</Badge>}
            {client.firstParty && <Badge tone="blue">first-party</Badge>}
          </>
        }
        actions={
          <>
            {client.status === "pending" && (
              <button type="button" className="btn btn-primary" onClick={() => setStatusNow("active")}>
                Approve
              </button>
            )}
            {client.status === "disabled" && (
              <button type="button" className="btn" onClick={() => setStatusNow("active")}>
                Enable
              </button>
            )}
            {client.status !== "disabled" && !client.builtIn && (
              <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("disable")}>
                Disable and revoke
              </button>
            )}
            <Link className="btn" to={`/clients/${encodeURIComponent(client.id)}/edit`}>
              Edit
            </Link>
            {client.hasSecret && (
              <button type="button" className="btn" onClick={() => setRotating(true)}>
                Rotate secret
              </button>
            )}
            {canUseKeys(client) && (
              <button type="button" className="btn" onClick={() => setSettingKeys(true)}>
                {client.authMethod === "private_key_jwt" ? "Change keys" : "Use a key instead"}
              </button>
            )}
            {client.authMethod === "private_key_jwt" && !client.builtIn && (client.kind === "agent" || client.kind === "application") && (
              <button type="button" className="btn" onClick={() => setRotating(true)}>
                Use a secret instead
              </button>
            )}
            {!client.builtIn && (
              <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("delete")}>
                Delete
              </button>
            )}
          </>
        }
      />
      <ActionError error={action.error} onReload={reload} />
      {selfRegistered && client.registrationBlocked && (
        <div className="alert alert-warning" role="status">
          <p>
            <strong>New registrations of this software are blocked.</strong> It was disabled or denied, so registering again with the same metadata
            (any loopback port){client.softwareId ? " or the same software ID" : ""} is refused until you lift the block.
          </p>
          <button type="button" className="btn" onClick={liftBlock}>
            Lift block
          </button>
        </div>
      )}
      {selfRegistered && (
        <p className="alert alert-info">
          This client registered itself. Self-registration cannot prove who the software is: anyone can register with the same name, logo and
          metadata, and a registrant that changes its metadata is not recognised as the same software. For MCP servers where that matters, require
          approval of self-registered clients (MCP server → Edit).
        </p>
      )}
      <dl className="summary card">
        <SummaryCopyItem label="Client ID" value={client.id} />
        <div>
          <dt>Authentication</dt>
          <dd>{client.authMethod === "none" ? "public (PKCE)" : client.authMethod}</dd>
          {client.jwksUri && <dd className="muted small">keys from <code>{client.jwksUri}</code></dd>}
          {client.jwks && <dd className="muted small">keys {client.jwks.keys.map((k) => String(k.kid ?? k.kty)).join(", ")}</dd>}
        </div>
        <div>
          <dt>Grant types</dt>
          <dd>{client.grantTypes.join(", ") || "—"}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd title={formatDateTime(client.lastUsedAt)}>{relativeTime(client.lastUsedAt)}</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>{formatDateTime(client.createdAt)}</dd>
        </div>
        {client.hasSecret && (
          <div>
            <dt>Secret rotated</dt>
            <dd>
              {client.secretRotatedAt ? relativeTime(client.secretRotatedAt) : "never"}
              {client.previousSecretExpiresAt && <div className="muted small">old secret valid until {formatDateTime(client.previousSecretExpiresAt)}</div>}
            </dd>
          </div>
        )}
        {client.softwareId && (
          <div>
            <dt>Software ID</dt>
            <dd className="mono">{client.softwareId}</dd>
          </div>
        )}
        {client.serverId && (
          <div>
            <dt>Identity of</dt>
            <dd>
              <Link to={`/servers/${client.serverId}`}>its MCP server</Link>
            </dd>
          </div>
        )}
        {client.redirectUris.length > 0 && (
          <div className="summary-wide">
            <dt>Redirect URIs</dt>
            <dd>
              <ul className="plain-list mono small">
                {client.redirectUris.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      <div className="detail-grid">
        <BoundRoles
          owner={client}
          api={clientsApi}
          onChanged={replace}
          description={
            selfRegistered
              ? "Acting for a user, this client may carry up to the user's own roles, within each MCP server's default role (the ceiling for self-registered clients) and any roles bound here. Administrative scopes never."
              : "A token for this client carries only scopes its roles grant (and, acting for a user, the user's roles too)."
          }
          empty={selfRegistered ? "No roles of its own: each MCP server's default role is its ceiling." : "No roles: this client can get no token for any MCP server."}
        />
        <ClientApprovals client={client} onChanged={replace} />
      </div>
      {client.kind === "agent" && <DelegationsSection of={{ agentId: client.id, label: client.name || client.id }} />}
      {client.grantTypes.includes("authorization_code") && (
        <ConsentsSection
          filter={{ clientId: client.id }}
          onRevoked={countRevoked}
          description="Users who allowed this client to act for them, per MCP server. Revoking one revokes the client's grant and tokens for that user."
          empty={client.firstParty ? "None: as a first-party client it is not asked for consent." : "No user has allowed this client yet."}
        />
      )}
      <RecordActivity own={{ clientId: client.id }} target={client.id} version={`${client.version}.${revoked}`} />

      <ConfirmDialog
        open={confirm === "disable"}
        title={`Disable ${client.name || client.id}?`}
        confirmLabel="Disable and revoke"
        danger
        onClose={() => setConfirm(undefined)}
        onConfirm={() => setStatus("disabled")}
      >
        <p>Every token and grant this client holds is revoked at once, and it cannot get new ones until you enable it again.</p>
        {selfRegistered && <p>New registrations of the same software are blocked too, until you lift the block on this page.</p>}
      </ConfirmDialog>
      <DeleteRecordDialog open={confirm === "delete"} name={client.name || client.id} confirmLabel="Delete client" remove={() => clientsApi.remove(client.id)} listHref={listHref} onClose={() => setConfirm(undefined)}>
        <p>The client and its role bindings are deleted and everything it holds is revoked. A self-registered client may register again.</p>
      </DeleteRecordDialog>
      <RotateSecretDialog client={client} open={rotating} onClose={() => setRotating(false)} onRotated={reload} />
      {settingKeys && <ClientKeysDialog client={client} open onClose={() => setSettingKeys(false)} onSaved={reload} />}
    </>
  );
}

/** Confidential applications and agents an admin manages (self-registered clients keep their own credentials). */
function canUseKeys(client: Client): boolean {
  return !client.builtIn && client.authMethod !== "none" && (client.kind === "agent" || client.kind === "application");
}
