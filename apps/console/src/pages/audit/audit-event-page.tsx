import { Link, useParams } from "react-router";
import { auditApi } from "../../api/audit-api.js";
import { ApiError } from "../../api/api-error.js";
import type { AuditEvent } from "../../api/types.js";
import { StatusBadge } from "../../components/badge.js";
import { CodeBlock } from "../../components/code-block.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { ScopeChips } from "../../components/scope-chips.js";
import { formatDateTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { actorSteps } from "./actor-steps.js";
import { adminTarget } from "./admin-target.js";

export function AuditEventPage() {
  const { id = "" } = useParams();
  const event = useResource(async (signal) => {
    // The server would answer 400 for a malformed id; to the admin it is simply not there.
    if (!/^\d{1,19}$/.test(id)) throw new ApiError(404, "resource.not_found", "no such event");
    return auditApi.get(id, signal);
  }, [id]);
  return (
    <>
      <PageHeader title={event.data ? event.data.type : "Audit event"} back={{ to: "/audit", label: "Audit" }} badges={event.data?.decision ? <StatusBadge status={event.data.decision} /> : undefined} />
      <Loadable resource={event} backTo={{ href: "/audit", label: "Back to the trail" }}>
        {(e) => <AuditEventView event={e} />}
      </Loadable>
    </>
  );
}

/** Who acted for whom: subject ← actor chain (outermost last) ← client, on which server and tool. */
function ActorChain({ event }: { event: AuditEvent }) {
  const steps = actorSteps(event);
  if (steps.length === 0) return <p className="muted">No actors recorded for this event.</p>;
  return (
    <ol className="actor-chain">
      {steps.map((s, i) => (
        <li key={`${s.role}-${i}`}>
          <span className="actor-role">{s.role}</span>
          {s.href ? (
            <Link className="actor-value mono" to={s.href}>
              {s.value}
            </Link>
          ) : (
            <span className="actor-value mono">{s.value}</span>
          )}
        </li>
      ))}
    </ol>
  );
}

function AuditEventView({ event }: { event: AuditEvent }) {
  return (
    <>
      <section className="card section-card" aria-labelledby="chain-heading">
        <h2 id="chain-heading">Actor chain</h2>
        <ActorChain event={event} />
      </section>
      <dl className="summary card">
        <div>
          <dt>Time</dt>
          <dd>{formatDateTime(event.time)}</dd>
        </div>
        <div>
          <dt>Event id</dt>
          <dd className="mono">{event.id}</dd>
        </div>
        <div>
          <dt>Scopes</dt>
          <dd>
            <ScopeChips scopes={event.scopes} />
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{event.reason ?? <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>IP address</dt>
          <dd className="mono">{event.ip ?? "—"}</dd>
        </div>
        <div>
          <dt>Request id</dt>
          <dd className="mono small">{event.requestId ?? "—"}</dd>
        </div>
        {event.reporterId && (
          <div>
            <dt>Reported by</dt>
            <dd className="mono">{event.reporterId}</dd>
          </div>
        )}
      </dl>
      {event.details !== null && event.details !== undefined && (
        <section className="section-card" aria-label="Details">
          <CodeBlock code={JSON.stringify(event.details, null, 2)} label="details" />
        </section>
      )}
      {event.clientId && (
        <p>
          <Link to={`/audit?clientId=${encodeURIComponent(event.clientId)}`}>More events of this client</Link>
        </p>
      )}
      {adminTarget(event) && (
        <p>
          <Link to={`/audit?target=${encodeURIComponent(adminTarget(event)!)}`}>Every change to this record</Link>
        </p>
      )}
    </>
  );
}
