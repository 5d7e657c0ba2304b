import type { DeploymentSettings } from "../../api/types.js";
import { formatDuration } from "../../format/time.js";

const REGISTRATION: Record<DeploymentSettings["registration"], string> = {
  open: "Open: any MCP client may register itself",
  token: "With a registration token only",
  off: "Off: clients cannot register themselves",
};

/** What Toolgate's environment fixed when it started, each with the variable that sets it. */
function items(d: DeploymentSettings): { label: string; value: string; variable: string }[] {
  return [
    { label: "Dynamic Client Registration", value: REGISTRATION[d.registration], variable: "TOOLGATE_REGISTRATION" },
    { label: "Client ID Metadata Documents", value: d.clientIdMetadataDocuments ? "Accepted — the registration MCP recommends: a client ID that is an https URL names its metadata document, no registration call needed" : "Not accepted", variable: "TOOLGATE_CIMD" },
    { label: "Registrations per IP address", value: `${d.registrationsPerMinute} a minute`, variable: "TOOLGATE_DCR_RATE_LIMIT" },
    { label: "Unused self-registered clients removed after", value: formatDuration(d.dormantClientDays * 86_400), variable: "TOOLGATE_DCR_DORMANT_DAYS" },
    { label: "Audit events kept for", value: formatDuration(d.auditRetentionDays * 86_400), variable: "TOOLGATE_AUDIT_RETENTION_DAYS" },
    { label: "Refresh token lifetime", value: formatDuration(d.refreshTokenTtlSeconds), variable: "TOOLGATE_REFRESH_TOKEN_TTL" },
    { label: "Sign-in session lifetime", value: formatDuration(d.sessionTtlSeconds), variable: "TOOLGATE_SESSION_TTL" },
  ];
}

/** The deployment's settings, read-only: they change only with the server's environment and a restart. */
export function DeploymentSettingsPanel({ deployment }: { deployment: DeploymentSettings }) {
  return (
    <section className="card section-card" aria-labelledby="deployment-heading">
      <h2 id="deployment-heading">Set by the deployment</h2>
      <p className="muted small">Toolgate reads these from its environment variables when it starts. To change one, set the variable and restart the server.</p>
      <dl className="summary summary-flush">
        {items(deployment).map((item) => (
          <div key={item.variable}>
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
            <dd className="muted small">
              set by <code>{item.variable}</code>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
