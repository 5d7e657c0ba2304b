import { Link } from "react-router";
import { auditApi } from "../../api/audit-api.js";
import type { AuditFilter } from "../../api/types.js";
import { Badge, StatusBadge } from "../../components/badge.js";
import { Loadable } from "../../components/loadable.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { useResource } from "../../hooks/use-resource.js";
import { queryString } from "../../api/routes.js";
import { revokedBy } from "../audit/actor-steps.js";
import { mergeEvents } from "./merge-events.js";

const LIMIT = 15;

interface RecordActivityProps {
  /** The record's own events (`{ clientId }`, `{ subject }`, `{ resource }`); omitted when it has none. */
  own?: AuditFilter;
  /** Its id as admin changes name it (`details.target`). */
  target: string;
  /** Reloads when this changes (the record's version after an edit, or a count of changes made on its page). */
  version?: number | string;
  heading?: string;
}

/**
 * A record's recent activity in one timeline: what it did (registrations, tokens, tool calls…)
 * and what administrators changed on it (`GET /audit?target=`), newest first.
 */
export function RecordActivity({ own, target, version, heading = "Recent activity" }: RecordActivityProps) {
  const events = useResource(async (signal) => {
    const [mine, changes] = await Promise.all([
      own ? auditApi.list({ ...own, limit: LIMIT }, signal).then((p) => p.items) : Promise.resolve([]),
      auditApi.list({ target, limit: LIMIT }, signal).then((p) => p.items),
    ]);
    return mergeEvents([mine, changes], LIMIT);
  }, [own, target, version]);
  const headingId = `activity-${target.replace(/[^\w-]/g, "_")}`;
  return (
    <section className="card section-card" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>{heading}</h2>
        <div className="panel-actions">
          {own && (
            <Link className="btn btn-small btn-ghost" to={`/audit${queryString(own as Record<string, string>)}`}>
              All its events
            </Link>
          )}
          <Link className="btn btn-small btn-ghost" to={`/audit${queryString({ target })}`}>
            All changes to it
          </Link>
        </div>
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
                  {e.decision ? (
                    <StatusBadge status={e.decision} />
                  ) : e.type.startsWith("admin.") ? (
                    <Badge tone="blue">admin change</Badge>
                  ) : revokedBy(e) ? (
                    <Badge tone="blue" title={`by ${revokedBy(e)}`}>
                      by an administrator
                    </Badge>
                  ) : (
                    <span />
                  )}
                  <span className="muted small truncate">{e.tool ?? e.resource ?? e.reason ?? ""}</span>
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
