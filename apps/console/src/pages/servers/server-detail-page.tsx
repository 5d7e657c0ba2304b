import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { serversApi } from "../../api/servers-api.js";
import type { ServerCredentials, ServerDetail } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { ApiError } from "../../api/api-error.js";
import { Badge } from "../../components/badge.js";
import { PageHeader } from "../../components/page-header.js";
import { SecretDialog } from "../../components/secret-dialog.js";
import { Tabs, tabPanelProps } from "../../components/tabs.js";
import { SummaryCopyItem } from "../../components/summary-copy-item.js";
import { formatDateTime, formatSeconds } from "../../format/time.js";
import { DeleteRecordDialog } from "../shared/delete-record-dialog.js";
import { useRoles } from "../shared/use-role-options.js";
import { ConnectPanel } from "./connect/connect-panel.js";
import { ScopesPanel } from "./scopes-panel.js";
import { ToolsPanel } from "./tools-panel.js";
import { ServerDelegationPanel } from "../delegation/server-delegation-panel.js";
import { RecordActivity } from "../shared/record-activity.js";
import { RecordRoute } from "../shared/record-route.js";

const TABS = ["tools", "scopes", "delegation", "activity", "connect"] as const;

export function ServerDetailPage() {
  return (
    <RecordRoute load={serversApi.get} list={{ href: "/servers", label: "All MCP servers" }}>
      {(s, server) => <ServerDetailView server={s} reload={server.reload} />}
    </RecordRoute>
  );
}

function ServerDetailView({ server, reload }: { server: ServerDetail; reload: () => void }) {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get("tab")) ?? "tools";
  const [deleting, setDeleting] = useState(false);
  const [force, setForce] = useState(false);
  const [credentials, setCredentials] = useState<ServerCredentials>();
  const [credentialsError, setCredentialsError] = useState<ApiError>();
  const roles = useRoles();
  const defaultRole = roles.data?.find((r) => r.id === server.defaultRoleId);

  const issueCredentials = async () => {
    setCredentialsError(undefined);
    try {
      setCredentials(await serversApi.issueCredentials(server.id));
    } catch (e) {
      if (e instanceof ApiError) setCredentialsError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={server.name}
        back={{ to: "/servers", label: "MCP servers" }}
        badges={
          <>
            {server.builtIn && <Badge>built-in</Badge>}
            {server.requireApproval && <Badge tone="amber">approval required</Badge>}
          </>
        }
        description={server.description || undefined}
        actions={
          <>
            <Link className="btn" to={`/servers/${server.id}/edit`}>
              Edit
            </Link>
            {!server.builtIn && (
              <button type="button" className="btn btn-danger-outline" onClick={() => setDeleting(true)}>
                Delete
              </button>
            )}
          </>
        }
      />

      <dl className="summary card">
        <SummaryCopyItem label="Resource URI" value={server.resourceUri} />
        <div>
          <dt>Access token lifetime</dt>
          <dd>{formatSeconds(server.accessTokenTtl)}</dd>
        </div>
        <div>
          <dt>Default role</dt>
          <dd>{defaultRole ? <Link to={`/roles/${defaultRole.id}`}>{defaultRole.name}</Link> : server.defaultRoleId ? "…" : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Self-registered clients</dt>
          <dd>{server.requireApproval ? "need approval" : "admitted with the default role"}</dd>
        </div>
        <div>
          <dt>Server credentials</dt>
          <dd>
            {server.clientId ? <code>{server.clientId}</code> : <span className="muted">not issued</span>}{" "}
            {!server.builtIn && (
              <button type="button" className="btn btn-small" onClick={issueCredentials}>
                {server.clientId ? "Replace secret" : "Issue"}
              </button>
            )}
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(server.updatedAt)}</dd>
        </div>
      </dl>
      <ActionError error={credentialsError} />

      <Tabs
        label="Server sections"
        current={tab}
        onChange={(t) => setParams((p) => ({ ...Object.fromEntries(p), tab: t }), { replace: true })}
        items={[
          { id: "tools", label: "Tools", count: server.tools.length },
          { id: "scopes", label: "Scopes", count: server.scopes.length },
          { id: "delegation", label: "Delegation" },
          { id: "activity", label: "Activity" },
          { id: "connect", label: "Connect" },
        ]}
      />
      <div {...tabPanelProps(tab)} className="tab-panel">
        {tab === "tools" && <ToolsPanel server={server} onChanged={reload} />}
        {tab === "scopes" && <ScopesPanel server={server} onChanged={reload} />}
        {tab === "delegation" && <ServerDelegationPanel server={server} />}
        {tab === "activity" && <RecordActivity own={{ resource: server.resourceUri }} target={server.id} version={server.version} />}
        {tab === "connect" && <ConnectPanel server={server} />}
      </div>

      <DeleteRecordDialog
        open={deleting}
        name={server.name}
        confirmLabel={force ? "Delete server and role bindings" : "Delete server"}
        remove={() => serversApi.remove(server.id, force)}
        listHref="/servers"
        onClose={() => {
          setDeleting(false);
          setForce(false);
        }}
      >
        <p>
          Its tools and scopes are deleted and every token issued for <code>{server.resourceUri}</code> is revoked.
        </p>
        <label className="inline-check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Also remove its scopes from the roles that grant them
        </label>
      </DeleteRecordDialog>
      <SecretDialog
        open={credentials !== undefined}
        title="MCP server credentials"
        note="The MCP server uses these to report tool calls, read the revocation feed and introspect tokens."
        values={credentials ? [{ label: "Client ID", value: credentials.clientId }, { label: "Client secret", value: credentials.clientSecret }] : []}
        onClose={() => {
          setCredentials(undefined);
          reload();
        }}
      />
    </>
  );
}
