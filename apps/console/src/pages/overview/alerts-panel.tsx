import { Link } from "react-router";
import type { AuditStats } from "../../api/types.js";

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;

const LINKS: Record<string, (subject: string | null) => string> = {
  // The subject is the client id, or the IP address when no client was identified.
  repeated_failures: (s) => `/audit?decision=deny${s && !IP.test(s) ? `&clientId=${encodeURIComponent(s)}` : ""}`,
  denial_spike: () => "/audit?type=tool.call&decision=deny",
  registration_surge: () => "/audit?type=client.registered",
};

/** Unusual patterns the server detected (spikes, repeated failures), each linked to its events. */
export function AlertsPanel({ alerts }: { alerts: AuditStats["alerts"] }) {
  if (alerts.length === 0) {
    return (
      <div className="alert alert-ok" role="status">
        <p className="alert-title">No unusual activity</p>
        <p>No spikes in denials, no surge of registrations, no repeated failures in the last minutes.</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="alerts-heading" className="alerts">
      <h2 id="alerts-heading" className="visually-hidden">
        Alerts
      </h2>
      {alerts.map((a, i) => (
        <div key={`${a.kind}-${a.subject}-${i}`} className={a.severity === "critical" ? "alert alert-error" : "alert alert-warning"} role="alert">
          <p className="alert-title">{a.severity === "critical" ? "Critical: " : ""}{a.message}</p>
          <Link to={(LINKS[a.kind] ?? (() => "/audit"))(a.subject)}>See the events</Link>
        </div>
      ))}
    </section>
  );
}
