import { Link } from "react-router";
import { auditApi } from "../../api/audit-api.js";
import { StatusBadge } from "../../components/badge.js";
import { Loadable } from "../../components/loadable.js";
import { relativeTime, formatDateTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";

/** The client's latest audit events: registrations, tokens, tool calls, admin changes. */
export function ClientActivity({ clientId, version }: { clientId: string; version: number }) {
  const events = useResource(async (signal) => {
    // What the client itself did (registration, tokens, tool calls). Admin changes to it carry the
    // admin's client as clientId and this one as details.target (audit page: type admin.client.*).
    const page = await auditApi.list({ clientId, limit: 15 }, signal);
    return page.items;
  }, [clientId, version]);
  return (
    <section className="card section-card" aria-labelledby="activity-heading">
      <div className="panel-header">
        <h2 id="activity-heading">Recent activity</h2>
        <Link className="btn btn-small btn-ghost" to={`/audit?clientId=${encodeURIComponent(clientId)}`}>
          All in the audit trail
        </Link>
      </div>
      <Loadable resource={events}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No activity yet.</p>
          ) : (
            <ol className="timeline">
              {items.map((e) => (
                <li key={e.id}>
                  <Link to={`/audit/${e.id}`} className="timeline-type">
                    {e.type}
                  </Link>
                  {e.decision && <StatusBadge status={e.decision} />}
                  <span className="muted small">{e.tool ?? e.resource ?? e.reason ?? ""}</span>
                  <time className="muted small" dateTime={e.time} title={formatDateTime(e.time)}>
                    {relativeTime(e.time)}
                  </time>
                </li>
              ))}
            </ol>
          )
        }
      </Loadable>
    </section>
  );
}
